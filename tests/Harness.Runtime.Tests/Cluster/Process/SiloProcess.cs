using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Harness.Runtime.Tests.Cluster.Process;

/// <summary>
/// A real silo process (tests/Harness.TestSiloHost, started with <c>dotnet</c>) for fault tests: wait for its
/// <c>READY &lt;silo address&gt;</c> line, kill it with SIGKILL, stop and continue it (SIGSTOP/SIGCONT), or ask it to
/// stop gracefully (SIGTERM). Its standard output and error are kept, for failure messages. Disposing kills it if it
/// is still running.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _started = Stopwatch.StartNew();

    private SiloProcess(string name, int port, System.Diagnostics.Process process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    /// <summary>Gets the path of Harness.TestSiloHost.dll, recorded by the test project's build.</summary>
    public static string HostPath { get; } = FindHostPath();

    public string Name { get; }

    public int Port { get; }

    /// <summary>Gets the silo address it printed when it became Active (<c>host:port@generation</c>).</summary>
    public string Address => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : throw new InvalidOperationException($"Silo process {Name} is not ready.");

    /// <summary>Gets the generation part of <see cref="Address"/> (the membership table's key, with host and port).</summary>
    public long Generation => long.Parse(Address[(Address.LastIndexOf('@') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    public string Gateway => $"127.0.0.1:{Port}";

    public int Id => _process.Id;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Gets everything it wrote so far (standard output and error, interleaved by line).</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts a silo process with <paramref name="settings"/> as <c>--key=value</c> arguments; waits for READY.</summary>
    public static async Task<SiloProcess> StartAsync(string name, int port, IEnumerable<KeyValuePair<string, string>> settings, TimeSpan readyTimeout)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostPath);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.ArgumentList.Add($"--Harness:Silo:SiloName={name}");
        start.ArgumentList.Add($"--Harness:Silo:SiloPort={port}");
        start.ArgumentList.Add("--Harness:Silo:AdvertisedHost=127.0.0.1");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var process = new System.Diagnostics.Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, port, process);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Exited += (_, _) => silo.OnExited();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start silo process {name} ({start.FileName} {HostPath}).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo._ready.Task.WaitAsync(readyTimeout);
        }
        catch (Exception exception)
        {
            silo.Dispose();
            var reason = exception is TimeoutException ? $"did not print READY within {readyTimeout.TotalSeconds:F0} s" : exception.Message;
            throw new InvalidOperationException($"Silo process {name} (port {port}) {reason}. Its output:{Environment.NewLine}{silo.Output}", exception);
        }

        return silo;
    }

    /// <summary>SIGKILL: the process ends at once, without a word to anyone (kill -9).</summary>
    public void Kill()
    {
        if (!HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGSTOP: the process is frozen (no heartbeats, no replies, its connections stay open).</summary>
    public void Suspend() => Signal("STOP");

    /// <summary>SIGCONT: a frozen process runs again, unaware of the time that passed.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>SIGTERM: the host stops gracefully (drains its grains, leaves the membership table).</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Waits for the process to end; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            return await _exited.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Silo process {Name} did not exit within {timeout.TotalSeconds:F0} s. Its output:{Environment.NewLine}{Output}");
        }
    }

    /// <summary>Waits until a line of its output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Silo process {Name} did not print '{text}' within {timeout.TotalSeconds:F0} s. Its output:{Environment.NewLine}{Output}");
            }

            await Task.Delay(10);
        }
    }

    public override string ToString() => $"{Name} (pid {_process.Id}, port {Port})";

    public void Dispose()
    {
        try
        {
            if (!HasExited)
            {
                // A stopped process dies of SIGKILL too.
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static string DotnetPath()
    {
        // The SDK tells child processes where its dotnet is; the test host usually runs on it too.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
    }

    private static string FindHostPath()
    {
        var path = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TestSiloHostPath")?.Value;
        return !string.IsNullOrEmpty(path) && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"Harness.TestSiloHost.dll was not found (recorded path: '{path}'): build tests/Harness.TestSiloHost (the test project references it).");
    }

    private void Signal(string signal)
    {
        if (HasExited)
        {
            throw new InvalidOperationException($"Silo process {Name} has exited; it cannot receive SIG{signal}. Its output:{Environment.NewLine}{Output}");
        }

        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue($"[{_started.Elapsed.TotalSeconds,7:F3}s] {line}");
        if (line.StartsWith("READY ", StringComparison.Ordinal))
        {
            _ready.TrySetResult(line["READY ".Length..].Trim());
        }
    }

    private void OnExited()
    {
        // Let the output readers drain what the process wrote before it ended.
        _process.WaitForExit();
        var code = _process.ExitCode;
        _output.Enqueue($"[{_started.Elapsed.TotalSeconds,7:F3}s] (exited with code {code})");
        _ready.TrySetException(new InvalidOperationException($"exited with code {code} before it was ready"));
        _exited.TrySetResult(code);
    }
}
