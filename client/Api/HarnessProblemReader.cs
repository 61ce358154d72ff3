using System.Net;
using System.Text.Json;

namespace Harness.Client.Api;

/// <summary>Turns an error response into a <see cref="HarnessApiException"/>, reading its problem details when it has them.</summary>
internal static class HarnessProblemReader
{
    public static async Task<HarnessApiException> ReadAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            body = string.Empty;
        }

        var fallbackTitle = $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        if (!TryParse(body, out var root))
        {
            return new HarnessApiException(response.StatusCode, fallbackTitle, string.IsNullOrWhiteSpace(body) ? null : Truncate(body), []);
        }

        using (root)
        {
            var problem = root.RootElement;
            var title = GetString(problem, "title") ?? fallbackTitle;
            var detail = GetString(problem, "detail");
            return new HarnessApiException(response.StatusCode, title, detail, ReadErrors(problem));
        }
    }

    private static bool TryParse(string body, out JsonDocument document)
    {
        document = null!;
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return false;
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        document.Dispose();
        return false;
    }

    private static List<HarnessValidationError> ReadErrors(JsonElement problem)
    {
        var errors = new List<HarnessValidationError>();
        if (!problem.TryGetProperty("errors", out var list))
        {
            return errors;
        }

        if (list.ValueKind == JsonValueKind.Array)
        {
            // The harness's own shape: [{ path, message }].
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    errors.Add(new HarnessValidationError(GetString(item, "path") ?? string.Empty, GetString(item, "message") ?? item.ToString()));
                }
                else
                {
                    errors.Add(new HarnessValidationError(string.Empty, item.ToString()));
                }
            }
        }
        else if (list.ValueKind == JsonValueKind.Object)
        {
            // ASP.NET Core's validation problem shape: { "path": ["message", ...] }.
            foreach (var property in list.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    errors.AddRange(property.Value.EnumerateArray().Select(m => new HarnessValidationError(property.Name, m.ToString())));
                }
                else
                {
                    errors.Add(new HarnessValidationError(property.Name, property.Value.ToString()));
                }
            }
        }

        return errors;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Truncate(string body)
    {
        const int MaxBodyInMessage = 500;
        return body.Length <= MaxBodyInMessage ? body : body[..MaxBodyInMessage] + "…";
    }
}
