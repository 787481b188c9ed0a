// Compiled by MSBuild's RoslynCodeTaskFactory (see TorchSharpCompat.targets); no Python or binutils needed.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class KitPatchLibTorchSharp : Task
{
    [Required] public string Directory { get; set; } = "";

    const string Wrapper = "libLibTorchSharp.so";
    const string NeededVersion = "GLIBCXX_3.4.32";
    const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    const uint ShtRela = 4, ShtRel = 9, ShtDynsym = 11;
    const ushort VerFlgWeak = 0x2;

    public override bool Execute()
    {
        var target = Path.Combine(Directory, Wrapper);
        if (!File.Exists(target)) return true;
        try
        {
            var libstdcxx = FindSystemLibStdCxx();
            if (libstdcxx != null && DefinesVersion(File.ReadAllBytes(libstdcxx), NeededVersion))
            {
                Log.LogMessage(MessageImportance.Low, $"{libstdcxx} defines {NeededVersion}: {target} left untouched.");
                return true;
            }
            var bytes = File.ReadAllBytes(target);
            var elf = new Elf(bytes);
            var entry = elf.FindVernaux(NeededVersion);
            if (entry == null)
            {
                Log.LogMessage(MessageImportance.Low, $"{target} does not need {NeededVersion}: nothing to do.");
                return true;
            }
            var (flagsOffset, flags, versionIndex) = entry.Value;
            if ((flags & VerFlgWeak) != 0)
            {
                Log.LogMessage(MessageImportance.Low, $"{target}: {NeededVersion} already weak.");
                return true;
            }
            var used = elf.RelocatedSymbolsWithVersion(versionIndex);
            if (used.Count > 0)
            {
                Log.LogError($"{target}: relocations use symbols of {NeededVersion} ({string.Join(", ", used)}); " +
                             "marking it weak would break them. Install a libstdc++ that provides it (GCC 13+).");
                return false;
            }
            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(bytes, flagsOffset);
            var tmp = target + ".kitpatch.tmp";
            File.WriteAllBytes(tmp, bytes);
            File.Replace(tmp, target, null);
            Log.LogMessage(MessageImportance.High,
                $"TorchSharp compatibility: marked {NeededVersion} weak in {target} " +
                $"(system libstdc++ {(libstdcxx ?? "not found")} lacks it).");
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Log.LogError($"TorchSharp compatibility step failed on {target}: {e.Message}");
            return false;
        }
    }

    // The libstdc++ this machine's processes really load: the one mapped into the build process,
    // else the loader's default location.
    static string? FindSystemLibStdCxx()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var i = line.IndexOf('/');
                if (i < 0) continue;
                var path = line.Substring(i).Trim();
                if (Path.GetFileName(path).StartsWith("libstdc++.so") && File.Exists(path)) return path;
            }
        }
        catch (IOException) { }
        foreach (var p in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6",
                                  "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib/libstdc++.so.6" })
            if (File.Exists(p)) return p;
        return null;
    }

    static bool DefinesVersion(byte[] lib, string version) => new Elf(lib).DefinedVersions().Contains(version);

    sealed class Elf
    {
        readonly byte[] b;
        readonly List<(uint type, long offset, long size, int link, long entsize)> sections = new();

        public Elf(byte[] bytes)
        {
            b = bytes;
            if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (b[4] != 2 || b[5] != 1) throw new InvalidDataException("only 64-bit little-endian ELF is supported");
            long shoff = (long)BitConverter.ToUInt64(b, 0x28);
            int shentsize = BitConverter.ToUInt16(b, 0x3A), shnum = BitConverter.ToUInt16(b, 0x3C);
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                if (h + 64 > b.Length) throw new InvalidDataException("truncated section header table");
                sections.Add((BitConverter.ToUInt32(b, (int)h + 4), (long)BitConverter.ToUInt64(b, (int)h + 24),
                              (long)BitConverter.ToUInt64(b, (int)h + 32), (int)BitConverter.ToUInt32(b, (int)h + 40),
                              (long)BitConverter.ToUInt64(b, (int)h + 56)));
            }
        }

        string Str(int strtab, uint off)
        {
            long start = sections[strtab].offset + off, end = start;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)start, (int)(end - start));
        }

        public HashSet<string> DefinedVersions()
        {
            var names = new HashSet<string>();
            foreach (var s in sections.Where(s => s.type == ShtGnuVerdef))
            {
                long vd = s.offset;
                while (true)
                {
                    uint aux = BitConverter.ToUInt32(b, (int)vd + 12), next = BitConverter.ToUInt32(b, (int)vd + 16);
                    names.Add(Str(s.link, BitConverter.ToUInt32(b, (int)(vd + aux))));
                    if (next == 0) break;
                    vd += next;
                }
            }
            return names;
        }

        // (file offset of vna_flags, vna_flags, vna_other) of the requirement on `version`.
        public (int, ushort, ushort)? FindVernaux(string version)
        {
            foreach (var s in sections.Where(s => s.type == ShtGnuVerneed))
            {
                long vn = s.offset;
                while (true)
                {
                    ushort cnt = BitConverter.ToUInt16(b, (int)vn + 2);
                    uint aux = BitConverter.ToUInt32(b, (int)vn + 8), next = BitConverter.ToUInt32(b, (int)vn + 12);
                    long a = vn + aux;
                    for (int j = 0; j < cnt; j++)
                    {
                        ushort flags = BitConverter.ToUInt16(b, (int)a + 4), other = BitConverter.ToUInt16(b, (int)a + 6);
                        uint name = BitConverter.ToUInt32(b, (int)a + 8), anext = BitConverter.ToUInt32(b, (int)a + 12);
                        if (Str(s.link, name) == version) return ((int)a + 4, flags, other);
                        if (anext == 0) break;
                        a += anext;
                    }
                    if (next == 0) break;
                    vn += next;
                }
            }
            return null;
        }

        // Names of dynamic symbols of the given version index that some relocation refers to.
        public List<string> RelocatedSymbolsWithVersion(ushort versionIndex)
        {
            var versym = sections.FirstOrDefault(s => s.type == ShtGnuVersym);
            var dynsym = sections.FirstOrDefault(s => s.type == ShtDynsym);
            var used = new List<string>();
            if (versym.size == 0 || dynsym.size == 0) return used;
            foreach (var s in sections.Where(s => s.type == ShtRela || s.type == ShtRel))
            {
                long ent = s.type == ShtRela ? 24 : 16;
                for (long r = s.offset; r + ent <= s.offset + s.size; r += ent)
                {
                    long sym = (long)(BitConverter.ToUInt64(b, (int)r + 8) >> 32);
                    if (sym == 0) continue;
                    ushort v = (ushort)(BitConverter.ToUInt16(b, (int)(versym.offset + 2 * sym)) & 0x7fff);
                    if (v == versionIndex)
                        used.Add(Str(dynsym.link, BitConverter.ToUInt32(b, (int)(dynsym.offset + 24 * sym))));
                }
            }
            return used;
        }
    }
}
