using System.Net;
using System.Net.Sockets;

namespace Harness.Bench;

/// <summary>
/// The floor of remote-call: a raw TCP server answering every <see cref="RequestBytes"/>-byte request with a
/// <see cref="ResponseBytes"/>-byte response (the sizes of a Ping call's frames), doing no other work.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    public const int RequestBytes = 44;
    public const int ResponseBytes = 17;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public EchoServer(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            socket.NoDelay = true;
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = new byte[64 * 1024];
        var output = new byte[(input.Length / RequestBytes + 1) * ResponseBytes];
        var carried = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(input.AsMemory(carried), _stop.Token);
                if (read == 0)
                {
                    return;
                }

                var available = carried + read;
                var requests = available / RequestBytes;
                carried = available % RequestBytes;
                Buffer.BlockCopy(input, requests * RequestBytes, input, 0, carried);
                if (requests > 0)
                {
                    await stream.WriteAsync(output.AsMemory(0, requests * ResponseBytes), _stop.Token);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException)
        {
        }
    }
}
