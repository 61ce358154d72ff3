namespace Harness.Silo.Api;

/// <summary>One entry of the <c>errors</c> extension of a 400 problem: where the problem is and what it is.</summary>
/// <param name="Path">The offending field, e.g. <c>$.nodes[2].retry.attempts</c> or <c>input.photo</c>.</param>
/// <param name="Message">What is wrong there.</param>
internal sealed record ValidationError(string Path, string Message);
