using System.Text;
using System.Text.Json;
using Harness.GrainInterfaces.Chains;
using Microsoft.AspNetCore.Http;

namespace Harness.Silo.Api;

/// <summary>Reads and checks request parts; bad values fail with an <see cref="ArgumentException"/> naming the parameter.</summary>
internal static class ApiRequest
{
    /// <summary>The longest client-chosen chain id.</summary>
    public const int MaxChainIdLength = 64;

    /// <summary>The prefix of chain inputs in the query string: <c>input.photo=...</c>.</summary>
    public const string InputPrefix = "input.";

    /// <summary>The most chains one list answers.</summary>
    public const int MaxListLimit = 1000;

    /// <summary>The chains one list answers without a <c>limit</c>.</summary>
    public const int DefaultListLimit = 50;

    /// <summary>The largest JSON body of the small requests (agent definitions, cancel reasons).</summary>
    public const int MaxSmallBodyBytes = 64 * 1024;

    private const int ReadChunkBytes = 16 * 1024;

    /// <summary>Reads an enum query value by its camelCase name (case-insensitive); null when absent.</summary>
    public static T? ParseEnum<T>(string? text, string parameter)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()), text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        var names = string.Join(", ", Enum.GetValues<T>().Select(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString())));
        throw new ArgumentException($"Query parameter '{parameter}' must be one of {names}, not '{text}'.");
    }

    public static int ParseLimit(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return DefaultListLimit;
        }

        if (!int.TryParse(text, out var limit) || limit < 1 || limit > MaxListLimit)
        {
            throw new ArgumentException($"Query parameter 'limit' must be a whole number from 1 to {MaxListLimit}, not '{text}'.");
        }

        return limit;
    }

    /// <summary>Reads the last event sequence a client saw: the <c>Last-Event-ID</c> header wins over <c>after</c>.</summary>
    public static long ParseAfter(string? lastEventId, string? after)
    {
        var (text, parameter) = !string.IsNullOrEmpty(lastEventId) ? (lastEventId, "Last-Event-ID") : (after, "after");
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (!long.TryParse(text, out var sequence) || sequence < 0)
        {
            throw new ArgumentException($"{(parameter == "after" ? "Query parameter" : "Header")} '{parameter}' must be an event sequence number (0 or more), not '{text}'.");
        }

        return sequence;
    }

    /// <summary>Checks a client-chosen chain id, or generates one (<c>ch-</c> and 20 hex digits) when absent.</summary>
    public static string ChainIdOrNew(string? id)
    {
        if (id is null)
        {
            return "ch-" + Guid.NewGuid().ToString("N")[..20];
        }

        if (id.Length is 0 or > MaxChainIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Query parameter 'id' must be 1 to {MaxChainIdLength} letters, digits, '-' or '_', not '{id}'.");
        }

        return id;
    }

    /// <summary>Collects the <c>input.&lt;name&gt;=&lt;value&gt;</c> query parameters.</summary>
    public static Dictionary<string, string> ReadInputs(IQueryCollection query)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            if (!key.StartsWith(InputPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = key[InputPrefix.Length..];
            if (name.Length == 0)
            {
                throw new ArgumentException($"Query parameter '{key}' names no input: write {InputPrefix}<name>=<value>.");
            }

            if (values.Count != 1)
            {
                throw new ArgumentException($"Query parameter '{key}' is given {values.Count} times; give each input once.");
            }

            inputs[name] = values[0] ?? string.Empty;
        }

        return inputs;
    }

    /// <summary>Lists the declared inputs missing from a submission and the given ones the definition does not declare.</summary>
    public static IReadOnlyList<ValidationError> CheckInputs(ChainDefinition definition, IReadOnlyDictionary<string, string> inputs)
    {
        var errors = new List<ValidationError>();
        foreach (var name in definition.Inputs.Where(n => !inputs.ContainsKey(n)))
        {
            errors.Add(new ValidationError(InputPrefix + name, $"missing input '{name}': the chain declares it; pass {InputPrefix}{name}=<value>"));
        }

        foreach (var name in inputs.Keys.Where(n => !definition.Inputs.Contains(n)))
        {
            var declared = definition.Inputs.Count == 0 ? "none" : string.Join(", ", definition.Inputs);
            errors.Add(new ValidationError(InputPrefix + name, $"unknown input '{name}': the chain declares {declared}"));
        }

        return errors;
    }

    /// <summary>Reads the body as UTF-8 text, stopping as soon as it exceeds <paramref name="limit"/> bytes (null then).</summary>
    public static async Task<string?> ReadTextAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var copy = new MemoryStream();
        var chunk = new byte[ReadChunkBytes];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (copy.Length + read > limit)
            {
                return null;
            }

            copy.Write(chunk, 0, read);
        }

        var text = Encoding.UTF8.GetString(copy.GetBuffer(), 0, (int)copy.Length);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>Reads a small JSON body; null when the body is empty.</summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpRequest request, JsonSerializerOptions options, string what, CancellationToken cancellationToken)
        where T : class
    {
        var text = await ReadTextAsync(request, MaxSmallBodyBytes, cancellationToken)
            ?? throw new ArgumentException($"The {what} is larger than {MaxSmallBodyBytes} bytes.");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, options);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The {what} is not valid: {exception.Message}", exception);
        }
    }
}
