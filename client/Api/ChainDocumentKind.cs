namespace Harness.Client.Api;

/// <summary>The format of a chain definition document sent to <c>POST /api/chains</c>.</summary>
public enum ChainDocumentKind
{
    /// <summary>JSON, sent as <c>application/json</c>.</summary>
    Json,

    /// <summary>YAML, sent as <c>application/yaml</c>.</summary>
    Yaml,
}
