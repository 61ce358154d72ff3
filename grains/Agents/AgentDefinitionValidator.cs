using System.Globalization;
using Harness.GrainInterfaces.Agents;
using Harness.GrainInterfaces.Chains;

namespace Harness.Grains.Agents;

/// <summary>Checks agent definitions and versions, naming the offending field in every refusal.</summary>
internal static class AgentDefinitionValidator
{
    /// <summary>The longest agent name, version, model, tool reference or budget reference accepted.</summary>
    public const int MaxLength = 200;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="definition"/> is a valid definition of agent <paramref name="key"/>.</summary>
    public static void Validate(AgentDefinition definition, string key)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            throw Invalid("name", "is required");
        }

        if (!string.Equals(definition.Name, key, StringComparison.Ordinal))
        {
            throw Invalid("name", $"('{definition.Name}') does not match the agent it is registered with ('{key}')");
        }

        if (!IsValidName(definition.Name))
        {
            throw Invalid("name", $"('{definition.Name}') must start with a letter or digit and contain only letters, digits, '.', '_' and '-' (at most {MaxLength} characters)");
        }

        if (string.IsNullOrWhiteSpace(definition.Version))
        {
            throw Invalid("version", "is required");
        }

        if (!IsValidVersion(definition.Version))
        {
            throw Invalid("version", $"('{definition.Version}') must be a dotted number such as '1' or '2.1'");
        }

        if (string.IsNullOrWhiteSpace(definition.Model))
        {
            throw Invalid("model", "is required");
        }

        if (definition.Model.Length > MaxLength)
        {
            throw Invalid("model", $"is longer than {MaxLength} characters");
        }

        var tools = definition.Tools ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"tools[{i}]");
            var tool = tools[i];
            if (string.IsNullOrWhiteSpace(tool))
            {
                throw Invalid(field, "is empty");
            }

            var at = tool.IndexOf('@', StringComparison.Ordinal);
            var toolName = at < 0 ? tool : tool[..at];
            if (tool.Length > MaxLength || !IsValidName(toolName)
                || (at >= 0 && (at == tool.Length - 1 || tool.IndexOf('@', at + 1) >= 0 || tool[(at + 1)..].Any(char.IsWhiteSpace))))
            {
                throw Invalid(field, $"('{tool}') must be a tool name or name@version");
            }

            if (!seen.Add(toolName))
            {
                throw Invalid(field, $"names tool '{toolName}' twice");
            }
        }

        if (!Enum.IsDefined(definition.DefaultQos))
        {
            throw Invalid("defaultQos", $"('{definition.DefaultQos}') is not one of {string.Join(", ", Enum.GetNames<QosClass>())}");
        }

        if (definition.BudgetReference is { } budget && (string.IsNullOrWhiteSpace(budget) || budget.Length > MaxLength))
        {
            throw Invalid("budgetReference", $"must be null or a non-blank reference of at most {MaxLength} characters");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="version"/> (an argument naming a version) is a dotted number.</summary>
    public static void ValidateVersionArgument(string? version)
    {
        if (string.IsNullOrWhiteSpace(version) || !IsValidVersion(version))
        {
            throw new ArgumentException($"Agent version '{version}' is not a dotted number such as '1' or '2.1'.");
        }
    }

    /// <summary>Whether <paramref name="version"/> is a dotted number of at most 9 digits a part.</summary>
    public static bool IsValidVersion(string version)
    {
        if (version.Length > MaxLength)
        {
            return false;
        }

        foreach (var part in version.Split('.'))
        {
            if (part.Length is 0 or > 9 || !part.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxLength
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static ArgumentException Invalid(string field, string problem) =>
        new($"Agent definition field '{field}' {problem}.");
}
