using System.Globalization;
using System.Net;

namespace Kit.Tests.Notebooks;

/// <summary>A TCP socket in LISTEN state or an unconnected bound UDP socket: something another host could send to.</summary>
public sealed record Listener(string Protocol, IPAddress Address, int Port, int Pid)
{
    public bool Loopback => IPAddress.IsLoopback(Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address);
    public override string ToString() => $"{Protocol} {(Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address)}:{Port} (pid {Pid})";
}

/// <summary>
/// What a process tree listens on, read from the kernel (Linux /proc) rather than asked of the processes:
/// each process's socket inodes (/proc/PID/fd links "socket:[INODE]") matched against the socket tables of its
/// network namespace (/proc/PID/net/tcp, tcp6, udp, udp6), as `ss -ltunp` does.
/// </summary>
public static class ListeningSockets
{
    // Socket states in the tables: TCP LISTEN; UDP unconnected (receives from anyone, what `ss -lu` lists).
    const string TcpListen = "0A", UdpUnconnected = "07";

    /// <summary>The process and all its descendants.</summary>
    public static IReadOnlyList<int> Tree(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ParentOf(pid) is { } ppid)
                (children.TryGetValue(ppid, out var l) ? l : children[ppid] = []).Add(pid);
        var tree = new List<int> { root };
        for (int i = 0; i < tree.Count; i++)
            if (children.TryGetValue(tree[i], out var c)) tree.AddRange(c);
        return tree;
    }

    /// <summary>The ancestor of <paramref name="pid"/> (or itself) whose parent is <paramref name="parent"/>: the process <paramref name="parent"/> started.</summary>
    public static int ChildOnPathTo(int pid, int parent)
    {
        for (var p = pid; ;)
        {
            var pp = ParentOf(p) ?? throw new InvalidOperationException($"process {pid} is not a descendant of {parent}");
            if (pp == parent) return p;
            if (pp <= 1) throw new InvalidOperationException($"process {pid} is not a descendant of {parent}");
            p = pp;
        }
    }

    /// <summary>The parent pid from /proc/PID/stat, or null when the process is gone.</summary>
    public static int? ParentOf(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Socket inodes a process holds open.</summary>
    public static HashSet<long> SocketInodes(int pid)
    {
        var inodes = new HashSet<long>();
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            string? target;
            try { target = new FileInfo(fd).LinkTarget; }
            catch (IOException) { continue; }  // closed meanwhile
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                inodes.Add(long.Parse(target[8..^1], CultureInfo.InvariantCulture));
        }
        return inodes;
    }

    /// <summary>Every listening TCP socket and unconnected bound UDP socket held by the given processes.</summary>
    public static List<Listener> Of(IEnumerable<int> pids)
    {
        var found = new List<Listener>();
        foreach (var pid in pids)
        {
            try
            {
                var inodes = SocketInodes(pid);
                if (inodes.Count == 0) continue;
                foreach (var proto in new[] { "tcp", "tcp6", "udp", "udp6" })
                    foreach (var e in Parse(File.ReadAllLines($"/proc/{pid}/net/{proto}"), proto))
                        if (inodes.Contains(e.Inode)) found.Add(new Listener(proto, e.Address, e.Port, pid));
            }
            catch (IOException) { }  // the process exited meanwhile: it listens on nothing
        }
        return found;
    }

    /// <summary>The listening (TCP) or unconnected bound (UDP) rows of one /proc/net table: local address, port, socket inode.</summary>
    public static IEnumerable<(IPAddress Address, int Port, long Inode)> Parse(IEnumerable<string> table, string proto)
    {
        foreach (var line in table.Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 10) continue;
            var (address, port) = Endpoint(f[1]);
            if (f[3] != (proto.StartsWith("tcp", StringComparison.Ordinal) ? TcpListen : UdpUnconnected) || port == 0) continue;
            yield return (address, port, long.Parse(f[9], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>"0100007F:0800" is 127.0.0.1:2048 (on x86): the address is printed as 32-bit words in the machine's byte order, the port as a number.</summary>
    public static (IPAddress Address, int Port) Endpoint(string hex)
    {
        var parts = hex.Split(':');
        var bytes = new byte[parts[0].Length / 2];
        for (int w = 0; w < bytes.Length / 4; w++)
        {
            var word = uint.Parse(parts[0].AsSpan(w * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BitConverter.TryWriteBytes(bytes.AsSpan(w * 4, 4), word);
        }
        return (new IPAddress(bytes), int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
