using System.Diagnostics;

namespace Harness.Bench;

/// <summary>The parent's handle on one <see cref="ClusterSiloProcess"/>: start it, wait until it is ready, kill -9 it, or stop it.</summary>
internal sealed class ClusterSiloChild : IDisposable
{
    private readonly Process _process;
    private readonly Task<string?> _ready;

    private ClusterSiloChild(Process process, int port)
    {
        _process = process;
        Port = port;
        _ready = process.StandardOutput.ReadLineAsync();
    }

    public int Port { get; }

    /// <summary>Gets the silo address it printed when it became Active.</summary>
    public string Address { get; private set; } = string.Empty;

    public string Gateway => $"127.0.0.1:{Port}";

    public bool HasExited => _process.HasExited;

    public static ClusterSiloChild Start(int port, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var path = Environment.ProcessPath!;
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(ClusterSiloChild).Assembly.Location);
        }

        start.ArgumentList.Add(ClusterSiloProcess.Command);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"{key}={value}");
        }

        start.ArgumentList.Add($"Harness:Silo:SiloPort={port}");
        start.ArgumentList.Add("Harness:Silo:AdvertisedHost=127.0.0.1");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        return new ClusterSiloChild(process, port);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var line = await _ready.WaitAsync(timeout);
        if (line is null || !line.StartsWith("ready ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The silo process on port {Port} did not start (it printed '{line}'; its errors are above).");
        }

        Address = line["ready ".Length..].Trim();
    }

    /// <summary>kill -9: SIGKILL, no goodbye.</summary>
    public void Kill()
    {
        _process.Kill();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // Closing its input stops it gracefully; kill it if it takes too long.
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It exited meanwhile.
            }

            if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
