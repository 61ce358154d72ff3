namespace Harness.Grains.Chains.Execution;

/// <summary>Where templates read their values: the chain's inputs, the outputs of completed nodes and the variables.</summary>
internal interface IChainValueSource
{
    /// <summary>Reads an input, or null when the chain has no such input.</summary>
    string? GetInput(string name);

    /// <summary>Reads the output (JSON) of a completed node, or null when it has not completed.</summary>
    string? GetNodeOutput(string nodeId);

    /// <summary>Reads a variable, or null when unset.</summary>
    string? GetVariable(string name);
}
