using System.Text.Json;
using Harness.GrainInterfaces.Chains;
using Xunit;

namespace Harness.Grains.Tests.Chains;

/// <summary>Keeps docs/chain-definition.schema.json and the model from drifting apart.</summary>
public sealed class ChainDefinitionSchemaTests
{
    private static JsonDocument LoadSchema() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chain-definition.schema.json")));

    private static string[] Enum(JsonDocument schema, string definition) =>
        schema.RootElement.GetProperty("$defs").GetProperty(definition).GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void Schema_is_draft_2020_12_json()
    {
        using var schema = LoadSchema();

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void Schema_lists_every_node_type()
    {
        using var schema = LoadSchema();

        Assert.Equal(
            System.Enum.GetValues<NodeType>().Select(t => t.ToWireName()).Order(),
            Enum(schema, "nodeType").Order());
    }

    [Fact]
    public void Schema_lists_every_qos_class()
    {
        using var schema = LoadSchema();

        Assert.Equal(
            System.Enum.GetValues<QosClass>().Select(q => q.ToWireName()).Order(),
            Enum(schema, "qos").Order());
    }

    [Fact]
    public void Schema_node_properties_cover_the_model()
    {
        using var schema = LoadSchema();
        var properties = schema.RootElement.GetProperty("$defs").GetProperty("node").GetProperty("properties")
            .EnumerateObject().Select(p => p.Name).ToHashSet();

        foreach (var property in typeof(NodeDefinition).GetProperties())
        {
            Assert.Contains(JsonNamingPolicy.CamelCase.ConvertName(property.Name), properties);
        }
    }
}
