namespace Harness.Grains.Chains.Definitions;

/// <summary>One <c>{{ ... }}</c> template found in a text: its reference path, or why it is malformed.</summary>
/// <param name="Text">The template as written, braces included.</param>
/// <param name="Segments">The reference path split at dots (indexers dropped), or empty when malformed.</param>
/// <param name="Error">Why the template is malformed, or null.</param>
internal sealed record TemplateReference(string Text, IReadOnlyList<string> Segments, string? Error);
