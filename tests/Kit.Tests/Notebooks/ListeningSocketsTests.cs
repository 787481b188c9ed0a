using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kit.Tests.Notebooks;

/// <summary>The /proc reader the loopback tests rely on: it must see real listeners, and tell loopback from the rest.</summary>
public class ListeningSocketsTests
{
    [Theory]
    [InlineData("0100007F:0800", "127.0.0.1", 2048)]
    [InlineData("00000000:0800", "0.0.0.0", 2048)]
    [InlineData("0200000A:1F90", "10.0.0.2", 8080)]
    [InlineData("00000000000000000000000001000000:0800", "::1", 2048)]
    [InlineData("000000FD000000000000000002000000:0800", "fd00::2", 2048)]
    [InlineData("0000000000000000FFFF00000100007F:0050", "::ffff:127.0.0.1", 80)]
    public void Table_addresses_decode(string hex, string address, int port)
    {
        Assert.True(BitConverter.IsLittleEndian, "the hex samples are as an x86 kernel prints them");
        var (a, p) = ListeningSockets.Endpoint(hex);
        Assert.Equal(IPAddress.Parse(address), a);
        Assert.Equal(port, p);
    }

    [Fact]
    public void Only_listening_tcp_and_unconnected_udp_rows_count_and_loopback_is_told_apart()
    {
        string[] tcp =
        [
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:0800 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 101 1 0 100 0 0 10 0",
            "   1: 00000000:0801 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 102 1 0 100 0 0 10 0",
            "   2: 0100007F:0802 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 103 1 0 100 0 0 10 0",
        ];
        var rows = ListeningSockets.Parse(tcp, "tcp").ToList();
        Assert.Equal([101L, 102L], rows.Select(r => r.Inode));
        Assert.True(new Listener("tcp", rows[0].Address, rows[0].Port, 1).Loopback);
        Assert.False(new Listener("tcp", rows[1].Address, rows[1].Port, 1).Loopback);
        Assert.True(new Listener("tcp6", IPAddress.Parse("::ffff:127.0.0.1"), 1, 1).Loopback);
        Assert.False(new Listener("tcp6", IPAddress.Parse("fe80::1"), 1, 1).Loopback);

        string[] udp =
        [
            "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
            "  10: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 201 2 0 0",
            "  11: 0100007F:D431 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 202 2 0 0",
        ];
        Assert.Equal([(IPAddress.Any, 5353, 201L)], ListeningSockets.Parse(udp, "udp"));
    }

    [Fact]
    public void Finds_this_processs_own_listeners_with_their_ports()
    {
        var v4 = new TcpListener(IPAddress.Loopback, 0);
        var v6 = new TcpListener(IPAddress.IPv6Loopback, 0);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        v4.Start();
        v6.Start();
        try
        {
            var found = ListeningSockets.Of([Environment.ProcessId]);
            Assert.Contains(new Listener("tcp", IPAddress.Loopback, ((IPEndPoint)v4.LocalEndpoint).Port, Environment.ProcessId), found);
            Assert.Contains(new Listener("tcp6", IPAddress.IPv6Loopback, ((IPEndPoint)v6.LocalEndpoint).Port, Environment.ProcessId), found);
            Assert.Contains(new Listener("udp", IPAddress.Loopback, ((IPEndPoint)udp.Client.LocalEndPoint!).Port, Environment.ProcessId), found);
        }
        finally { v4.Stop(); v6.Stop(); }
        Assert.DoesNotContain(ListeningSockets.Of([Environment.ProcessId]), l => l.Port == ((IPEndPoint)v4.LocalEndpoint).Port && l.Protocol == "tcp");
    }

    [Fact]
    public void A_tree_holds_the_children_and_leads_back_to_its_root()
    {
        // bash starts sleep and prints its pid before waiting for it.
        using var child = Process.Start(new ProcessStartInfo("bash", ["-c", "sleep 600 & echo $!; wait"]) { RedirectStandardOutput = true })!;
        try
        {
            var grandchild = int.Parse(child.StandardOutput.ReadLine()!);
            Assert.Equal([child.Id, grandchild], ListeningSockets.Tree(child.Id));
            Assert.Contains(child.Id, ListeningSockets.Tree(Environment.ProcessId));
            Assert.Contains(grandchild, ListeningSockets.Tree(Environment.ProcessId));
            Assert.Equal(child.Id, ListeningSockets.ChildOnPathTo(grandchild, Environment.ProcessId));
            Assert.Equal(child.Id, ListeningSockets.ParentOf(grandchild));
        }
        finally { child.Kill(entireProcessTree: true); child.WaitForExit(); }
    }
}
