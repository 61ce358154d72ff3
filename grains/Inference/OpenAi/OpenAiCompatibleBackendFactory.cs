using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Inference.OpenAi;

/// <summary>
/// Creates one <see cref="OpenAiCompatibleBackend"/> per endpoint (e.g. per declared device's <c>Endpoint</c>), all
/// sharing one connection pool. Disposing the factory closes the pool; its backends fail afterwards.
/// </summary>
public sealed class OpenAiCompatibleBackendFactory : IDisposable
{
    private readonly OpenAiCompatibleOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly HttpClient _client;

    /// <summary>Initializes a new instance of the <see cref="OpenAiCompatibleBackendFactory"/> class.</summary>
    /// <param name="options">The settings; validated here too, so a factory built by hand cannot skip validation.</param>
    /// <param name="timeProvider">The clock of the timeouts and retry delays (the connect timeout runs on the system clock).</param>
    /// <param name="loggerFactory">The logger factory, or null for no logging.</param>
    /// <exception cref="OptionsValidationException">The settings are invalid; the failures name them.</exception>
    public OpenAiCompatibleBackendFactory(IOptions<OpenAiCompatibleOptions> options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var value = options.Value;
        var validation = new OpenAiCompatibleOptionsValidator().Validate(Options.DefaultName, value);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(OpenAiCompatibleOptions), validation.Failures);
        }

        // A snapshot: the handler's connect timeout cannot change later, so neither does anything else.
        _options = new OpenAiCompatibleOptions
        {
            ApiKey = value.ApiKey,
            ConnectTimeout = value.ConnectTimeout,
            FirstByteTimeout = value.FirstByteTimeout,
            IdleTimeout = value.IdleTimeout,
            MaxRetries = value.MaxRetries,
            RetryBaseDelay = value.RetryBaseDelay,
            RetryMaxDelay = value.RetryMaxDelay,
            PriorityScheduling = value.PriorityScheduling,
            SupportsVision = value.SupportsVision,
            Models = [.. value.Models ?? []],
        };
        _timeProvider = timeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<OpenAiCompatibleBackend>();
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = _options.ConnectTimeout,

            // Redirects would turn the POST into a GET; a moved endpoint is a configuration error to report.
            AllowAutoRedirect = false,

            // Endpoints move between nodes; recycled connections pick up DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Creates the backend of one endpoint.</summary>
    /// <param name="endpoint">
    /// The server's OpenAI base URL, e.g. <c>http://gpu-node:8000/v1</c> (a trailing slash is fine); requests go to
    /// <c>{endpoint}/chat/completions</c>.
    /// </param>
    /// <returns>The backend.</returns>
    /// <exception cref="ArgumentException">The endpoint is not an absolute http(s) URL, or carries a query or credentials.</exception>
    public OpenAiCompatibleBackend Create(Uri endpoint) =>
        new(OpenAiEndpoint.Parse(endpoint), _client, _options, _timeProvider, _logger);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
