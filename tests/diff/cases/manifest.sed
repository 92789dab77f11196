# Manifest: version and name; the root: OriginalSchemaVersion removed.
7s/1.0.0.0/1.0.0.1/
9s/Diff Pack/Diff Pack 2/
3s/ OriginalSchemaVersion="1.1"//
