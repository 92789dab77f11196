// MpReader.cs - an independent reader of sealed management packs for
// tests/seal/run.sh, compiled with Mono's mcs. It takes the path the SCOM
// SDK's sealed-pack reader takes: load the .mp as an assembly, read the
// MPResources.resources manifest resource with ResourceReader, gunzip the
// ManagementPack byte[] and decode UTF-16LE.
//
// Usage: mono MpReader.exe FILE.mp OUT.xml
// Writes the XML text to OUT.xml (UTF-8, no BOM, as stored) and prints
// name=, version=, token=, company=, copyright= lines on stdout, then the
// Win32 version resource as Mono's FileVersionInfo reads it (file*=).
using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Reflection;
using System.Resources;
using System.Text;

static class MpReader {
    static string Attr<T>(Assembly a, Func<T, string> get) where T : Attribute {
        object[] found = a.GetCustomAttributes(typeof(T), false);
        return found.Length == 1 ? get((T)found[0]) : "";
    }

    static int Main(string[] args) {
        if (args.Length != 2) {
            Console.Error.WriteLine("usage: MpReader FILE.mp OUT.xml");
            return 2;
        }
        Assembly asm = Assembly.LoadFile(Path.GetFullPath(args[0]));
        AssemblyName name = asm.GetName();
        byte[] packed = null;
        using (Stream s = asm.GetManifestResourceStream("MPResources.resources"))
        using (var reader = new ResourceReader(s)) {
            foreach (DictionaryEntry e in reader)
                if ((string)e.Key == "ManagementPack")
                    packed = (byte[])e.Value;
        }
        if (packed == null) {
            Console.Error.WriteLine("no ManagementPack entry");
            return 1;
        }
        var xml = new MemoryStream();
        using (var gz = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress))
            gz.CopyTo(xml);
        string text = new UnicodeEncoding(false, false, true).GetString(xml.ToArray());
        File.WriteAllText(args[1], text, new UTF8Encoding(false));
        var token = new StringBuilder();
        foreach (byte b in name.GetPublicKeyToken())
            token.Append(b.ToString("x2"));
        Console.WriteLine("name=" + name.Name);
        Console.WriteLine("version=" + name.Version);
        Console.WriteLine("token=" + token);
        Console.WriteLine("company=" + Attr<AssemblyCompanyAttribute>(asm, x => x.Company));
        Console.WriteLine("copyright=" + Attr<AssemblyCopyrightAttribute>(asm, x => x.Copyright));
        FileVersionInfo v = FileVersionInfo.GetVersionInfo(Path.GetFullPath(args[0]));
        Console.WriteLine("fileversion=" + v.FileVersion);
        Console.WriteLine("filecompany=" + v.CompanyName);
        Console.WriteLine("filename=" + v.OriginalFilename);
        return 0;
    }
}
