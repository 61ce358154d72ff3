namespace Harness.Runtime.Generator;

/// <summary>A grain interface method, declared or inherited, as the proxy and its request class need it.</summary>
/// <param name="Name">The method's metadata name (unescaped).</param>
/// <param name="RequestClassName">The generated request class (simple name, unique within the generated namespace).</param>
/// <param name="DeclaringInterface">The fully qualified interface that declares the method.</param>
/// <param name="DeclaringInterfaceName">The declaring interface's readable full name (for <c>Request.InterfaceName</c>).</param>
/// <param name="ReturnKind">The shape of the return type.</param>
/// <param name="ReturnType">The fully qualified return type, as the interface declares it.</param>
/// <param name="ResultType">The request's result type: the task's type argument, or <c>VoidResult</c>.</param>
/// <param name="ReturnTypeIsNullable">Whether the returned task itself is annotated nullable (<c>Task?</c>).</param>
/// <param name="Parameters">The parameters.</param>
/// <param name="IsOneWay">Whether the method is marked <c>[OneWay]</c>.</param>
/// <param name="IsAlwaysInterleave">Whether the method is marked <c>[AlwaysInterleave]</c>.</param>
/// <param name="ResponseTimeoutTicks">The <c>[ResponseTimeout]</c> in ticks, if any.</param>
/// <param name="Signature">The signature string the wire id is computed from (see <see cref="MethodIds"/>).</param>
/// <param name="MethodId">The wire id.</param>
internal sealed record MethodModel(
    string Name,
    string RequestClassName,
    string DeclaringInterface,
    string DeclaringInterfaceName,
    ReturnKind ReturnKind,
    string ReturnType,
    string ResultType,
    bool ReturnTypeIsNullable,
    EquatableArray<ParameterModel> Parameters,
    bool IsOneWay,
    bool IsAlwaysInterleave,
    long? ResponseTimeoutTicks,
    string Signature,
    uint MethodId);
