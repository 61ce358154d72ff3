using Microsoft.Extensions.Options;

namespace Harness.Runtime.Configuration;

/// <summary>Validates <see cref="ClusterOptions"/> at start-up.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var failures = new List<string>();
        OptionChecks.Positive(failures, ClusterOptions.SectionName, nameof(options.HeartbeatPeriod), options.HeartbeatPeriod);
        OptionChecks.Positive(failures, ClusterOptions.SectionName, nameof(options.TableRefreshPeriod), options.TableRefreshPeriod);
        OptionChecks.Positive(failures, ClusterOptions.SectionName, nameof(options.DeadSiloRetention), options.DeadSiloRetention);
        OptionChecks.Positive(failures, ClusterOptions.SectionName, nameof(options.ConnectTimeout), options.ConnectTimeout);
        if (options.MissedHeartbeatsLimit < 2)
        {
            failures.Add($"{ClusterOptions.SectionName}:{nameof(options.MissedHeartbeatsLimit)} must be at least 2, or one late heartbeat would declare a live silo dead (got {options.MissedHeartbeatsLimit}).");
        }

        if (options.MaxForwardCount is < 0 or > byte.MaxValue)
        {
            failures.Add($"{ClusterOptions.SectionName}:{nameof(options.MaxForwardCount)} must be between 0 and 255 (got {options.MaxForwardCount}).");
        }

        if (options.TableRefreshPeriod > options.DetectionTimeout)
        {
            failures.Add($"{ClusterOptions.SectionName}:{nameof(options.TableRefreshPeriod)} ({options.TableRefreshPeriod}) must not exceed the detection timeout HeartbeatPeriod x MissedHeartbeatsLimit ({options.DetectionTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
