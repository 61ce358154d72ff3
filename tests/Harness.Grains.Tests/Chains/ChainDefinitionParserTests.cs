using System.Text.Json;
using Harness.GrainInterfaces.Chains;
using Harness.Grains.Chains.Definitions;
using Xunit;

namespace Harness.Grains.Tests.Chains;

public sealed class ChainDefinitionParserTests
{
    private const string FridgeJson = """
        {
          "name": "fridge-to-dinner",
          "description": "Vision analysis of a fridge photo, a recipe from what is inside, and an order for the missing items.",
          "version": "1",
          "qos": "standard",
          "inputs": ["photo", "diet", "shop"],
          "nodes": [
            {
              "id": "vision", "type": "vlm", "model": "tiny-vlm",
              "prompt": "List every food item visible in this fridge photo.",
              "image": "{{inputs.photo}}",
              "timeout": "30s",
              "retry": { "attempts": 3, "backoff": { "initial": "500ms", "max": "5s", "multiplier": 2 } },
              "resources": { "device": "cpu", "vramMb": 512, "expectedDuration": "3s" }
            },
            {
              "id": "recipe", "type": "llm", "model": "tiny-llm",
              "prompt": "Suggest one {{inputs.diet}} recipe using {{nodes.vision.output}} and list the missing ingredients.",
              "timeout": "60s",
              "retry": { "attempts": 2 },
              "fallback": "simple-recipe",
              "resources": { "device": "cpu", "vramMb": 256, "expectedDuration": "5s" }
            },
            { "id": "simple-recipe", "type": "transform", "expression": "omelette with {{nodes.vision.output}}" },
            { "id": "shopping-list", "type": "transform", "expression": "{\"dish\": {{nodes.recipe.output | json}}, \"diet\": {{inputs.diet | json}}}" },
            {
              "id": "order", "type": "tool",
              "tool": {
                "name": "http", "version": "1",
                "arguments": {
                  "method": "POST",
                  "url": "{{inputs.shop}}/orders",
                  "headers": "Content-Type: application/json",
                  "body": "{{nodes.shopping-list.output}}",
                  "timeout": "10s"
                }
              },
              "timeout": "15s",
              "retry": { "attempts": 3, "backoff": { "initial": "1s", "max": "10s", "multiplier": 2 } }
            }
          ],
          "edges": [
            { "from": "vision", "to": "recipe" },
            { "from": "recipe", "to": "shopping-list" },
            { "from": "shopping-list", "to": "order", "condition": "{{nodes.shopping-list.output.dish}} != \"\"" }
          ]
        }
        """;

    private static string TestData(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    private static string Canonical(ChainDefinition definition) => JsonSerializer.Serialize(definition);

    [Fact]
    public void Fridge_example_parses_and_validates()
    {
        var chain = ChainDefinitionParser.Parse(TestData("fridge.yaml"), ChainDocumentFormat.Yaml);

        Assert.Equal("fridge-to-dinner", chain.Name);
        Assert.Equal(QosClass.Standard, chain.Qos);
        Assert.Equal(["photo", "diet", "shop"], chain.Inputs);
        Assert.Equal(["vision", "recipe", "simple-recipe", "shopping-list", "order"], chain.Nodes.Select(n => n.Id));
        Assert.Equal("vision", chain.StartNodeId);
        var vision = chain.Nodes[0];
        Assert.Equal(NodeType.Vlm, vision.Type);
        Assert.Equal(TimeSpan.FromSeconds(30), vision.Timeout);
        Assert.Equal(3, vision.Retry!.Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), vision.Retry.Backoff!.Initial);
        Assert.Equal(512, vision.Resources!.VramMb);
        var order = chain.Nodes[4];
        Assert.Equal(NodeType.Tool, order.Type);
        Assert.Equal("http", order.Tool!.Name);
        Assert.Equal("POST", order.Tool.Arguments["method"]);
        Assert.Equal("simple-recipe", chain.Nodes[1].Fallback);
        Assert.Equal("{{nodes.shopping-list.output.dish}} != \"\"", chain.Edges[2].Condition);
        Assert.Empty(ChainDefinitionValidator.Validate(chain));
    }

    [Fact]
    public void The_same_chain_in_json_gives_an_equal_model()
    {
        var fromYaml = ChainDefinitionParser.Parse(TestData("fridge.yaml"), ChainDocumentFormat.Yaml);
        var fromJson = ChainDefinitionParser.Parse(FridgeJson, ChainDocumentFormat.Json);

        Assert.Equal(Canonical(fromYaml), Canonical(fromJson));
    }

    [Fact]
    public void Problems_are_all_reported_together()
    {
        var problems = Reject("""
            {"name": "x", "nodes": [
              {"id": "a", "type": "gpt"},
              {"id": "a", "type": "transform", "expression": "{{nodes.zz.output}}"}
            ]}
            """);

        Assert.Contains(problems, p => p.Path == "$.nodes[0].type");
        Assert.Contains(problems, p => p.Path == "$.nodes[1].id");
        Assert.Contains(problems, p => p.Path == "$.nodes[1].expression");
    }

    [Fact]
    public void Missing_required_field_is_rejected()
    {
        AssertProblem(Reject("""{"nodes": [{"id": "a", "type": "transform", "expression": "x"}]}"""), "$.name", "required property 'name'");
        AssertProblem(Reject("""{"name": "c", "nodes": [{"id": "a", "type": "llm", "prompt": "p"}]}"""), "$.nodes[0].model", "required property 'model'");
        AssertProblem(Reject("""{"name": "c", "nodes": [{"id": "a", "type": "tool"}]}"""), "$.nodes[0].tool", "required property 'tool'");
        AssertProblem(Reject("""{"name": "c"}"""), "$.nodes", "required property 'nodes'");
    }

    [Fact]
    public void Unknown_node_type_is_rejected()
    {
        var problems = Reject(Chain("""{"id": "a", "type": "gpt", "prompt": "p"}"""));

        AssertProblem(problems, "$.nodes[0].type", "unknown node type 'gpt'");
    }

    [Fact]
    public void Unknown_qos_class_is_rejected()
    {
        var problems = Reject("""{"name": "c", "qos": "urgent", "nodes": [{"id": "a", "type": "transform", "expression": "x"}]}""");

        AssertProblem(problems, "$.qos", "unknown QoS class 'urgent'");
    }

    [Fact]
    public void Unknown_property_is_rejected()
    {
        var problems = Reject(Chain("""{"id": "a", "type": "transform", "expression": "x", "timeoutMs": 5}"""));

        AssertProblem(problems, "$.nodes[0].timeoutMs", "unknown property 'timeoutMs'");
    }

    [Fact]
    public void Field_of_another_node_type_is_rejected()
    {
        var problems = Reject(Chain("""{"id": "a", "type": "transform", "expression": "x", "model": "m"}"""));

        AssertProblem(problems, "$.nodes[0].model", "does not apply to transform nodes");
    }

    [Fact]
    public void Duplicate_node_id_is_rejected()
    {
        var problems = Reject(Chain(Transform("a"), Transform("b"), Transform("a")));

        AssertProblem(problems, "$.nodes[2].id", "duplicate node id 'a'");
    }

    [Fact]
    public void Dangling_edge_is_rejected()
    {
        var problems = Reject(Chain([Transform("a")], """{"from": "a", "to": "nowhere"}"""));

        AssertProblem(problems, "$.edges[0].to", "unknown node 'nowhere'");
    }

    [Fact]
    public void Dangling_fallback_is_rejected()
    {
        var problems = Reject(Chain("""{"id": "a", "type": "transform", "expression": "x", "fallback": "ghost"}"""));

        AssertProblem(problems, "$.nodes[0].fallback", "unknown node 'ghost'");
    }

    [Fact]
    public void Dangling_start_is_rejected()
    {
        var problems = Reject("""{"name": "c", "start": "ghost", "nodes": [{"id": "a", "type": "transform", "expression": "x"}]}""");

        AssertProblem(problems, "$.start", "unknown node 'ghost'");
    }

    [Fact]
    public void Template_reference_to_unknown_node_is_rejected()
    {
        var problems = Reject(Chain("""{"id": "a", "type": "llm", "model": "m", "prompt": "use {{nodes.ghost.output}}"}"""));

        AssertProblem(problems, "$.nodes[0].prompt", "unknown node 'ghost'");
    }

    [Fact]
    public void Template_reference_to_undeclared_input_is_rejected()
    {
        var problems = Reject("""
            {"name": "c", "inputs": ["photo"], "nodes": [
              {"id": "a", "type": "tool", "tool": {"name": "http", "arguments": {"url": "https://x/{{inputs.city}}"}}}
            ]}
            """);

        AssertProblem(problems, "$.nodes[0].tool.arguments.url", "missing input: '{{inputs.city}}' references input 'city'");
    }

    [Fact]
    public void Unbounded_cycle_is_rejected_and_a_bounded_one_accepted()
    {
        var unbounded = Reject(Chain(
            [Transform("a"), Transform("b"), Transform("c")],
            """{"from": "a", "to": "b"}""",
            """{"from": "b", "to": "c"}""",
            """{"from": "c", "to": "b", "condition": "{{nodes.c.output.again}}"}"""));

        AssertProblem(unbounded, "$.nodes[1].loop", "unbounded cycle through nodes 'b', 'c'");

        var selfLoop = Reject(Chain([Transform("a")], """{"from": "a", "to": "a"}"""));
        AssertProblem(selfLoop, "$.nodes[0].loop", "unbounded cycle");

        var bounded = ChainDefinitionParser.Parse(
            Chain(
                [Transform("a"), """{"id": "b", "type": "transform", "expression": "x", "loop": {"maxIterations": 3}}""", Transform("c")],
                """{"from": "a", "to": "b"}""",
                """{"from": "b", "to": "c"}""",
                """{"from": "c", "to": "b"}"""),
            ChainDocumentFormat.Json);
        Assert.Equal(3, bounded.Nodes[1].Loop!.MaxIterations);
    }

    [Theory]
    [InlineData("{{inputs.x", "unclosed '{{'")]
    [InlineData("done }} here", "'}}' without a matching '{{'")]
    [InlineData("{{  }}", "empty template expression")]
    [InlineData("{{secrets.key}}", "unknown root 'secrets'")]
    [InlineData("{{nodes.a.output | upper}}", "unknown filter 'upper' in template '{{nodes.a.output | upper}}' (expected json)")]
    [InlineData("{{nodes.a.output.x y | json}}", "is not a reference path")]
    [InlineData("{{nodes}}", "must name a node")]
    public void Bad_template_is_rejected(string prompt, string fragment)
    {
        var problems = Reject(Chain(Transform("a"), $$"""{"id": "b", "type": "llm", "model": "m", "prompt": {{JsonSerializer.Serialize(prompt)}}}"""));

        AssertProblem(problems, "$.nodes[1].prompt", fragment);
    }

    [Fact]
    public void Bad_template_in_condition_is_rejected()
    {
        var problems = Reject(Chain([Transform("a"), Transform("b")], """{"from": "a", "to": "b", "condition": "{{nodes.a.output == 1"}"""));

        AssertProblem(problems, "$.edges[0].condition", "unclosed '{{'");
    }

    [Fact]
    public void Oversize_document_is_rejected_before_parsing()
    {
        var text = "{" + new string(' ', 300 * 1024) + "not even json";

        var problems = Reject(text);

        AssertProblem(problems, "$", "document is too large");
        Assert.Single(problems);
    }

    [Fact]
    public void Oversize_limit_is_configurable()
    {
        var limits = new ChainDefinitionLimits { MaxDocumentBytes = 10 };

        var e = Assert.Throws<ChainDefinitionException>(() => ChainDefinitionParser.Parse(Chain(Transform("a")), ChainDocumentFormat.Json, limits));

        AssertProblem(e.Problems, "$", "the limit is 10 bytes");
    }

    [Fact]
    public void Too_many_nodes_are_rejected()
    {
        var nodes = Enumerable.Range(0, 501).Select(i => Transform($"n{i}")).ToArray();

        var problems = Reject(Chain(nodes));

        AssertProblem(problems, "$.nodes", "too many nodes: 501, the limit is 500");
    }

    [Fact]
    public void Non_positive_timeout_is_rejected()
    {
        AssertProblem(Reject(Chain("""{"id": "a", "type": "transform", "expression": "x", "timeout": "0s"}""")), "$.nodes[0].timeout", "must be positive");
        AssertProblem(Reject(Chain("""{"id": "a", "type": "transform", "expression": "x", "timeout": "-5s"}""")), "$.nodes[0].timeout", "must be positive");
        AssertProblem(Reject(Chain("""{"id": "a", "type": "transform", "expression": "x", "timeout": "soon"}""")), "$.nodes[0].timeout", "is not a duration");
    }

    [Fact]
    public void Attempts_below_one_are_rejected()
    {
        var problems = Reject(Chain(Transform("a"), Transform("b"), """{"id": "c", "type": "transform", "expression": "x", "retry": {"attempts": 0}}"""));

        AssertProblem(problems, "$.nodes[2].retry.attempts", "must be at least 1");
    }

    [Fact]
    public void Negative_vram_is_rejected()
    {
        var problems = Reject(Chain("""{"id": "a", "type": "llm", "model": "m", "prompt": "p", "resources": {"device": "gpu", "vramMb": -1}}"""));

        AssertProblem(problems, "$.nodes[0].resources.vramMb", "must not be negative");
    }

    [Fact]
    public void Loop_bound_below_one_is_rejected()
    {
        var problems = Reject(Chain("""{"id": "a", "type": "transform", "expression": "x", "loop": {"maxIterations": 0}}"""));

        AssertProblem(problems, "$.nodes[0].loop.maxIterations", "must be at least 1");
    }

    [Fact]
    public void Wrong_value_kind_is_rejected()
    {
        var problems = Reject(Chain("""{"id": "a", "type": "transform", "expression": "x", "retry": {"attempts": "three"}}"""));

        AssertProblem(problems, "$.nodes[0].retry.attempts", "must be a number, not a string");
    }

    [Fact]
    public void Malformed_json_is_reported_with_line_and_column()
    {
        var problems = Reject("{\n  \"name\": \"c\",\n  \"nodes\": [,]\n}");

        AssertProblem(problems, "$", "malformed JSON at line 3, column 13");
    }

    [Fact]
    public void Malformed_yaml_is_reported_with_line_and_column()
    {
        var e = Assert.Throws<ChainDefinitionException>(() =>
            ChainDefinitionParser.Parse("name: c\nnodes:\n  - id: a\n   type: [transform\n", ChainDocumentFormat.Yaml));

        var problem = Assert.Single(e.Problems);
        Assert.Equal("$", problem.Path);
        Assert.Matches("^malformed YAML at line [0-9]+, column [0-9]+: ", problem.Message);
    }

    [Fact]
    public void Yaml_problems_use_the_same_paths_and_messages_as_json()
    {
        var e = Assert.Throws<ChainDefinitionException>(() => ChainDefinitionParser.Parse(
            "name: c\nnodes:\n  - id: a\n    type: transform\n    expression: x\n    retry: { attempts: 0 }\n",
            ChainDocumentFormat.Yaml));

        AssertProblem(e.Problems, "$.nodes[0].retry.attempts", "must be at least 1, not 0");
    }

    [Fact]
    public void Exception_message_lists_the_problems()
    {
        var e = Assert.Throws<ChainDefinitionException>(() => ChainDefinitionParser.Parse(Chain("""{"id": "a", "type": "gpt"}"""), ChainDocumentFormat.Json));

        Assert.Contains("$.nodes[0].type: unknown node type 'gpt'", e.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<ChainDefinitionProblem> Reject(string json)
    {
        var e = Assert.Throws<ChainDefinitionException>(() => ChainDefinitionParser.Parse(json, ChainDocumentFormat.Json));
        Assert.NotEmpty(e.Problems);
        return e.Problems;
    }

    private static void AssertProblem(IReadOnlyList<ChainDefinitionProblem> problems, string path, string fragment)
    {
        Assert.True(
            problems.Any(p => p.Path == path && p.Message.Contains(fragment, StringComparison.Ordinal)),
            $"Expected a problem at {path} containing \"{fragment}\"; got:\n" + string.Join("\n", problems));
    }

    private static string Transform(string id) => $$"""{"id": "{{id}}", "type": "transform", "expression": "x"}""";

    private static string Chain(params string[] nodes) => Chain(nodes, []);

    private static string Chain(string[] nodes, params string[] edges) =>
        $$"""{"name": "c", "nodes": [{{string.Join(", ", nodes)}}], "edges": [{{string.Join(", ", edges)}}]}""";
}
