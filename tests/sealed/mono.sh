# tests/sealed/mono.sh - the Mono pieces that seal test fixtures like
# MPSeal does (see README.md): sourced by make-sealed.sh and by
# tests/verify/real/make-sealed.sh. Needs mono-devel (mcs, sn, mono).
#
#   mono_tools NAME            exit 2 unless mcs, sn and mono are installed
#   mono_mkres WORK            compile WORK/mkres.exe: mkres IN.xml
#                              OUT.resources [lone-surrogate] writes the XML
#                              as gzip(UTF-16LE, no BOM) in one byte[]
#                              resource entry "ManagementPack"
#   mono_assembly FILE ID VERSION
#                              write the assembly stub (attributes only)

mono_tools() {
    for tool in mcs sn mono; do
        command -v "$tool" >/dev/null 2>&1 || {
            echo "$1: '$tool' not found; apt-get install -y mono-devel" >&2
            exit 2
        }
    done
}

# The code units are written by hand so that the lone-surrogate mode
# really stores an unpaired surrogate (encoders would replace it).
mono_mkres() {
    cat >"$1/mkres.cs" <<'EOF'
using System;
using System.IO;
using System.IO.Compression;
using System.Resources;
using System.Text;

static class MkRes {
    static int Main(string[] args) {
        if (args.Length < 2 || args.Length > 3) {
            Console.Error.WriteLine("usage: mkres IN.xml OUT.resources [lone-surrogate]");
            return 2;
        }
        string text = File.ReadAllText(args[0], new UTF8Encoding(false));
        text = text.TrimStart('\uFEFF').TrimEnd();
        if (args.Length == 3) {
            int at = text.IndexOf("</Name>");
            text = text.Substring(0, at) + "\uD800" + text.Substring(at);
        }
        byte[] utf16 = new byte[text.Length * 2];
        for (int i = 0; i < text.Length; i++) {
            utf16[2 * i] = (byte)text[i];
            utf16[2 * i + 1] = (byte)(text[i] >> 8);
        }
        var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionMode.Compress, true))
            gz.Write(utf16, 0, utf16.Length);
        using (var w = new ResourceWriter(args[1]))
            w.AddResource("ManagementPack", packed.ToArray());
        return 0;
    }
}
EOF
    mcs -nologo -out:"$1/mkres.exe" "$1/mkres.cs"
}

mono_assembly() {
    cat >"$1" <<EOF
using System.Reflection;
[assembly: AssemblyTitle("$2")]
[assembly: AssemblyCompany("Scomc Test Fixtures")]
[assembly: AssemblyProduct("$2")]
[assembly: AssemblyCopyright("Test fixture, no rights reserved")]
[assembly: AssemblyVersion("$3")]
[assembly: AssemblyFileVersion("$3")]
EOF
}
