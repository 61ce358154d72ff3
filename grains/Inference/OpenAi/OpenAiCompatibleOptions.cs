namespace Harness.Grains.Inference.OpenAi;

/// <summary>
/// Settings of the OpenAI-compatible inference backend (configuration section <c>Harness:Inference:OpenAi</c>),
/// shared by every endpoint the silo serves through it (vLLM, TGI, llama.cpp server, Ollama). Durations bind from
/// <c>hh:mm:ss</c> text, e.g. <c>00:00:10</c>.
/// </summary>
public sealed class OpenAiCompatibleOptions
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSectionName = "Harness:Inference:OpenAi";

    /// <summary>The most retries <see cref="MaxRetries"/> may allow.</summary>
    public const int MaxRetriesLimit = 10;

    /// <summary>Gets or sets the API key sent as <c>Authorization: Bearer</c>; null or empty sends none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the longest wait for a TCP (and TLS) connection to an endpoint.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the longest wait from sending a request to the response headers; vLLM answers them at once, queueing
    /// and prefill come after (see <see cref="IdleTimeout"/>).
    /// </summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan FirstByteTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets the longest silence of a streamed response: from the headers to the first bytes of the body (the
    /// server's queueing and prefill) and between any two reads after it. A stream silent for longer is abandoned and
    /// retried as a continuation of the tokens received.
    /// </summary>
    /// <value>The default is 120 seconds.</value>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Gets or sets how many times a failed request is repeated (0 to <see cref="MaxRetriesLimit"/>): after a 408, 429
    /// or 5xx answer, a connection failure or a timeout, and after a stream that broke off (then as a continuation).
    /// All of one generation's retries count together.
    /// </summary>
    /// <value>The default is 3.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// Gets or sets the delay before the first retry; each further retry doubles it up to <see cref="RetryMaxDelay"/>,
    /// and a random part of up to half of it is taken off so that silos do not retry in lockstep.
    /// </summary>
    /// <value>The default is 500 milliseconds.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets or sets the longest delay between two attempts. It also caps a server's <c>Retry-After</c> (honoured on
    /// 429 and 503), so that one overloaded endpoint cannot hold a generation for minutes.
    /// </summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets a value indicating whether to send vLLM's <c>priority</c> field, derived from the request's QoS
    /// class (realtime 0, standard 1, background 2; vLLM serves lower values first). Enable it only for servers started
    /// with <c>--scheduling-policy priority</c>: vLLM rejects any non-zero priority otherwise.
    /// </summary>
    /// <value>The default is false.</value>
    public bool PriorityScheduling { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the endpoints serve a vision model: requests with an image send it inline
    /// as a <c>data:</c> URL. Without it such requests are refused.
    /// </summary>
    /// <value>The default is false.</value>
    public bool SupportsVision { get; set; }

    /// <summary>Gets or sets the model names the endpoints serve (compared ordinally); empty accepts any model.</summary>
    public string[] Models { get; set; } = [];
}
