using Harness.Client.Api;
using Spectre.Console;

namespace Harness.Cli;

/// <summary>Where the CLI writes, how it reaches the API and reads its environment; tests substitute each.</summary>
internal sealed class CliContext
{
    /// <summary>The environment variable naming the API's URL when <c>--api</c> is not given.</summary>
    public const string ApiEnvironmentVariable = "HARNESS_API";

    /// <summary>The API's URL when neither <c>--api</c> nor <see cref="ApiEnvironmentVariable"/> is given.</summary>
    public const string DefaultApi = "http://localhost:8080";

    public CliContext(IAnsiConsole output, TextWriter plainOutput, TextWriter error, Func<Uri, HttpClient> createHttpClient, Func<string, string?> getEnvironmentVariable)
    {
        Output = output;
        PlainOutput = plainOutput;
        Error = error;
        CreateHttpClient = createHttpClient;
        GetEnvironmentVariable = getEnvironmentVariable;
    }

    /// <summary>Gets standard output: tables, live progress, results.</summary>
    public IAnsiConsole Output { get; }

    /// <summary>Gets standard output as text, for help and parse messages.</summary>
    public TextWriter PlainOutput { get; }

    /// <summary>Gets standard error: problems and failures.</summary>
    public TextWriter Error { get; }

    /// <summary>Gets a factory for the HTTP client calling the API at the given (normalized) base address.</summary>
    public Func<Uri, HttpClient> CreateHttpClient { get; }

    /// <summary>Gets the environment lookup.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; }

    /// <summary>Gets a value indicating whether output is a terminal that can redraw (live tables); otherwise one plain line per event.</summary>
    public bool IsLiveTerminal => Output.Profile.Capabilities.Interactive && Output.Profile.Capabilities.Ansi;

    public static CliContext ForConsole(IAnsiConsole output, TextWriter plainOutput, TextWriter error) =>
        new(output, plainOutput, error, baseAddress => new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan }, Environment.GetEnvironmentVariable);

    public string DefaultApiAddress() => GetEnvironmentVariable(ApiEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultApi;

    public HarnessApiClient CreateApiClient(string api)
    {
        if (!Uri.TryCreate(api, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliInputException($"--api '{api}' is not an http(s) URL.");
        }

        return new HarnessApiClient(CreateHttpClient(HarnessApiAddress.Normalize(uri)));
    }
}
