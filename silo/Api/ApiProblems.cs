using Harness.Grains.Chains.Definitions;
using Harness.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Harness.Silo.Api;

/// <summary>
/// The one mapping from exceptions to problem details (RFC 7807): the grains' exception types say what went wrong,
/// the status says it to HTTP clients. 4xx problems carry the exception's message as their detail; anything
/// unexpected is a 500 with a generic detail (the exception is logged, never sent).
/// </summary>
internal static class ApiProblems
{
    /// <summary>The title of a rejected chain document.</summary>
    public const string InvalidChainDefinition = "Invalid chain definition";

    public static IResult FromException(Exception exception, HttpContext context, ILogger logger) => exception switch
    {
        ChainDefinitionException invalid => Validation(InvalidChainDefinition, invalid.Message, [.. invalid.Problems.Select(p => new ValidationError(p.Path, p.Message))]),
        ArgumentException => Problem(StatusCodes.Status400BadRequest, exception.Message),
        KeyNotFoundException => Problem(StatusCodes.Status404NotFound, exception.Message),
        InvalidOperationException => Problem(StatusCodes.Status409Conflict, exception.Message),
        TimeoutException => Problem(StatusCodes.Status504GatewayTimeout, exception.Message),
        SiloUnavailableException => Problem(StatusCodes.Status503ServiceUnavailable, exception.Message),
        _ => Unexpected(exception, context, logger),
    };

    public static IResult Problem(int status, string detail, string? title = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static IResult Validation(string title, string detail, IReadOnlyList<ValidationError> errors) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest,
            title: title,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static IResult Unexpected(Exception exception, HttpContext context, ILogger logger)
    {
        ApiLog.UnhandledError(logger, context.Request.Method, context.Request.Path, exception);
        return Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred; it has been logged.");
    }
}
