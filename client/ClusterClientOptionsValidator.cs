using Microsoft.Extensions.Options;

namespace Harness.Client;

/// <summary>Validates <see cref="ClusterClientOptions"/> at start-up; every message names the setting.</summary>
internal sealed class ClusterClientOptionsValidator : IValidateOptions<ClusterClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterClientOptions options)
    {
        var failures = new List<string>();
        var section = ClusterClientOptions.SectionName;
        if (options.Gateways.Count == 0)
        {
            failures.Add($"{section}:{nameof(options.Gateways)} must name at least one gateway as host:port.");
        }

        for (var i = 0; i < options.Gateways.Count; i++)
        {
            if (!GatewayEndpoint.TryParse(options.Gateways[i], out _))
            {
                failures.Add($"{section}:{nameof(options.Gateways)}:{i} ('{options.Gateways[i]}') is not host:port with a port of 1-65535.");
            }
        }

        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:{nameof(options.ResponseTimeout)} must be a positive duration (got {options.ResponseTimeout}).");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:{nameof(options.ConnectTimeout)} must be a positive duration (got {options.ConnectTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
