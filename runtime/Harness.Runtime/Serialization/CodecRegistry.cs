using System.Collections.Concurrent;

namespace Harness.Runtime.Serialization;

/// <summary>
/// Where codecs come from. Generated code registers the codecs of an assembly's types from a module
/// initializer, so they are known before any of its types can be serialized; collection, enum and nullable
/// codecs are composed on first use of each type (reflection once per type, never per message).
/// </summary>
public static class CodecRegistry
{
    private static readonly ConcurrentDictionary<Type, object> Registered = new();

    /// <summary>Registers the codec of <typeparamref name="T"/> (generated code calls this).</summary>
    public static void Register<T>(ICodec<T> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        Registered[typeof(T)] = codec;
    }

    internal static ICodec<T> Resolve<T>() =>
        (ICodec<T>)(Create(typeof(T))
            ?? throw new NotSupportedException(
                $"No codec for {typeof(T).FullName}: a type passed to or returned from a grain call must be a built-in type, an enum, an array, list or dictionary of such types, or a class, record or struct declared in a project that runs the Harness source generator."));

    private static object? Create(Type type)
    {
        if (Registered.TryGetValue(type, out var registered))
        {
            return registered;
        }

        if (BuiltInCodecs.TryGet(type) is { } builtIn)
        {
            return builtIn;
        }

        // Generic codecs are composed once per closed type.
        return type switch
        {
            { IsEnum: true } => Compose(typeof(EnumCodec<>), type),
            _ when Nullable.GetUnderlyingType(type) is { } underlying => Compose(typeof(NullableCodec<>), underlying),
            { IsArray: true } when type.GetArrayRank() == 1 => Compose(typeof(ArrayCodec<>), type.GetElementType()!),
            { IsGenericType: true } => ComposeGeneric(type),
            _ => null,
        };
    }

    private static object? ComposeGeneric(Type type)
    {
        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
            || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>))
        {
            return Compose(typeof(ListCodec<,>), type, arguments[0]);
        }

        if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
        {
            return Compose(typeof(DictionaryCodec<,,>), type, arguments[0], arguments[1]);
        }

        if (definition == typeof(KeyValuePair<,>))
        {
            return Compose(typeof(KeyValuePairCodec<,>), arguments[0], arguments[1]);
        }

        return null;
    }

    private static object Compose(Type codecDefinition, params Type[] arguments) =>
        Activator.CreateInstance(codecDefinition.MakeGenericType(arguments))!;
}
