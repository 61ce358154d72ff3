using System.Net;

namespace Harness.Client.Api;

/// <summary>The harness API answered with an error (a problem-details response, or an unexpected status).</summary>
public sealed class HarnessApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HarnessApiException()
    {
        Title = string.Empty;
        Errors = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    public HarnessApiException(string message)
        : base(message)
    {
        Title = message;
        Errors = [];
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public HarnessApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Title = message;
        Errors = [];
    }

    /// <summary>Creates the exception from a problem-details response.</summary>
    /// <param name="statusCode">The response's status code.</param>
    /// <param name="title">The problem's title.</param>
    /// <param name="detail">The problem's detail, or null.</param>
    /// <param name="errors">The problem's validation errors (the <c>errors</c> extension), empty when absent.</param>
    public HarnessApiException(HttpStatusCode statusCode, string title, string? detail, IReadOnlyList<HarnessValidationError> errors)
        : base(detail is null ? $"{(int)statusCode} {title}" : $"{(int)statusCode} {title}: {detail}")
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    /// <summary>Gets the response's status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the problem's title (or the status's reason phrase when the body was no problem document).</summary>
    public string Title { get; }

    /// <summary>Gets the problem's detail, or null.</summary>
    public string? Detail { get; }

    /// <summary>Gets the validation errors the problem listed; empty when it listed none.</summary>
    public IReadOnlyList<HarnessValidationError> Errors { get; }
}
