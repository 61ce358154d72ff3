using System.Globalization;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Inference.Cpu;

/// <summary>Validates <see cref="CpuInferenceOptions"/> at start; every failure names the setting.</summary>
internal sealed class CpuInferenceOptionsValidator : IValidateOptions<CpuInferenceOptions>
{
    private const string Section = CpuInferenceOptions.ConfigurationSectionName;

    public ValidateOptionsResult Validate(string? name, CpuInferenceOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ModelsPath))
        {
            failures.Add($"{Section}:ModelsPath must name a folder.");
        }

        Positive(failures, "MaxBatchSize", options.MaxBatchSize);
        Positive(failures, "PrefillChunkTokens", options.PrefillChunkTokens);
        Positive(failures, "MaxContextTokens", options.MaxContextTokens);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Models.Count; i++)
        {
            var model = options.Models[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"{Section}:Models:{i}");
            if (!IsValidName(model.Name))
            {
                failures.Add($"{field}:Name must be letters, digits, '.', '-' or '_', not '{model.Name}'.");
            }
            else if (!names.Add(model.Name))
            {
                failures.Add($"{field}:Name '{model.Name}' is declared twice.");
            }

            if (model.Generate is { Length: > 0 } generate && generate is not ("text" or "vision"))
            {
                failures.Add($"{field}:Generate must be 'text' or 'vision', not '{generate}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Whether a model name can be used: it travels in inference grain keys, which '|' separates.</summary>
    internal static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static void Positive(List<string> failures, string setting, int value)
    {
        if (value <= 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{setting} must be positive, not {value}."));
        }
    }
}
