namespace Harness.Cli;

/// <summary>The process exit codes of <c>harness</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked (a followed chain succeeded).</summary>
    public const int Success = 0;

    /// <summary>A followed chain failed or was cancelled (also: the command line did not parse).</summary>
    public const int ChainNotSucceeded = 1;

    /// <summary>The API refused the request (problem details printed), or a local input (file, <c>--input</c>) was invalid.</summary>
    public const int Refused = 2;

    /// <summary>The API could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;
}
