namespace Harness.Client.Api;

/// <summary>One problem found in a submitted document.</summary>
/// <param name="Path">Where in the document, e.g. <c>nodes[2].retry.maxAttempts</c>.</param>
/// <param name="Message">What is wrong there.</param>
public sealed record HarnessValidationError(string Path, string Message);
