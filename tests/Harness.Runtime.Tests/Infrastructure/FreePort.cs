using System.Net;
using System.Net.Sockets;

namespace Harness.Runtime.Tests.Infrastructure;

/// <summary>Finds a loopback TCP port that is free right now.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
