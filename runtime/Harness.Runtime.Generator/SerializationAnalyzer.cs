using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Harness.Runtime.Generator;

/// <summary>
/// Walks the types a grain method sends and receives: finds those that cannot cross silos (with the path that
/// reaches them) and the types declared in this compilation that need a generated codec.
/// </summary>
/// <remarks>
/// Built-in and composed types (<see cref="SerializableTypes"/>) need nothing; enums are composed at run time;
/// types of other assemblies get their codecs from their own assembly's generator, except framework types, which
/// have none. One analyzer serves one grain interface: it caches each type's shape.
/// </remarks>
internal sealed class SerializationAnalyzer
{
    private const string ConcreteTypeAdvice = "use a concrete class or record";

    private static readonly SymbolDisplayFormat NoNullableFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private readonly IAssemblySymbol _assembly;
    private readonly Dictionary<ITypeSymbol, UserTypeShape> _shapes = new(SymbolEqualityComparer.Default);

    public SerializationAnalyzer(IAssemblySymbol assembly)
    {
        _assembly = assembly;
    }

    /// <summary>Gets the codecs of every serializable type of this compilation analyzed so far, ordered by name.</summary>
    public EquatableArray<CodecModel> Codecs =>
        _shapes.Values
            .Select(static s => s.Codec)
            .Where(static c => c is not null)
            .Select(static c => c!)
            .OrderBy(static c => c.FullName, StringComparer.Ordinal)
            .ThenBy(static c => c.GlobalName, StringComparer.Ordinal)
            .ToEquatableArray();

    /// <summary>Short display of a type, as C# error messages write it.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

    /// <summary>Short display of a type without its top-level nullable annotation (paths and problem types).</summary>
    private static string PathDisplay(ITypeSymbol type) => Display(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));

    /// <summary>The problems of one grain method: its parameter types and its result type (null for none).</summary>
    public List<TypeProblem> AnalyzeMethod(IMethodSymbol method, ITypeSymbol? resultType)
    {
        var problems = new List<TypeProblem>();
        var visited = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var parameter in method.Parameters)
        {
            Visit(parameter.Type, PathDisplay(parameter.Type), problems, visited);
        }

        if (resultType is not null)
        {
            Visit(resultType, "result " + PathDisplay(resultType), problems, visited);
        }

        return problems;
    }

    private static string? SimpleKindAdvice(INamedTypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Object)
        {
            return "the receiving silo cannot know what to create for 'object'; " + ConcreteTypeAdvice;
        }

        if (type.TypeKind == TypeKind.Delegate)
        {
            return "delegates cannot be serialized; send data and let the grain decide what to run";
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            return KnownTypes.IsGrainInterface(type) || KnownTypes.IsRuntimeGrainBase(type)
                ? "grain references cannot be sent yet; send the grain's key (or GrainId) and get the reference from IGrainFactory"
                : ConcreteTypeAdvice;
        }

        if (type.IsAbstract)
        {
            return ConcreteTypeAdvice;
        }

        if (type.IsUnboundGenericType)
        {
            return "open generic types cannot be serialized; use a constructed type";
        }

        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return "only classes, records, structs, enums and the built-in types can be serialized";
        }

        return null;
    }

    private static string FrameworkAdvice(INamedTypeSymbol type) =>
        SerializableTypes.IsTuple(type)
            ? "tuples have no codec; use a record"
            : "the runtime has no codec for this framework type; use a built-in type (primitives, string, Guid, DateTime, DateTimeOffset, TimeSpan, decimal, byte[], Uri, GrainId), an enum, an array, List<T> or Dictionary<TKey, TValue> of those, or a class or record of your own";

    private static IMethodSymbol? Getter(IPropertySymbol property)
    {
        for (var current = property; current is not null; current = current.OverriddenProperty)
        {
            if (current.GetMethod is { } getter)
            {
                return getter;
            }
        }

        return null;
    }

    private static IMethodSymbol? Setter(IPropertySymbol property)
    {
        for (var current = property; current is not null; current = current.OverriddenProperty)
        {
            if (current.SetMethod is { } setter)
            {
                return setter;
            }
        }

        return null;
    }

    /// <summary>Whether generated code in this assembly can call the member (internal ones only when declared here or visible here).</summary>
    private bool IsReachable(ISymbol? symbol) =>
        symbol?.DeclaredAccessibility switch
        {
            Accessibility.Public => true,
            Accessibility.Internal or Accessibility.ProtectedOrInternal =>
                SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _assembly) || symbol.ContainingAssembly.GivesAccessTo(_assembly),
            _ => false,
        };

    /// <summary>The public instance properties with a getter generated code can call, base class properties first.</summary>
    private List<IPropertySymbol> ReadableProperties(INamedTypeSymbol type, out bool hasIndexer)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            chain.Add(current);
        }

        chain.Reverse();
        hasIndexer = false;
        var properties = new List<IPropertySymbol>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var declaring in chain)
        {
            foreach (var property in declaring.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }

                if (property.IsIndexer)
                {
                    hasIndexer = true;
                    continue;
                }

                // An override, or a property hiding the base one, takes the base one's place.
                if (positions.TryGetValue(property.Name, out var position))
                {
                    properties[position] = property;
                }
                else
                {
                    positions[property.Name] = properties.Count;
                    properties.Add(property);
                }
            }
        }

        return [.. properties.Where(p => IsReachable(Getter(p)) && !p.ReturnsByRef && !p.ReturnsByRefReadonly)];
    }

    private bool IsSettable(IPropertySymbol property) => IsReachable(Setter(property));

    /// <summary>
    /// Matches every parameter of <paramref name="constructor"/> to a readable property of the same type, by name
    /// (exact, then case-insensitive); null when some parameter matches none.
    /// </summary>
    private static int[]? MatchParameters(IMethodSymbol constructor, List<IPropertySymbol> properties)
    {
        var matches = new int[constructor.Parameters.Length];
        var used = new HashSet<int>();
        for (var i = 0; i < constructor.Parameters.Length; i++)
        {
            var parameter = constructor.Parameters[i];
            var match = -1;
            foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
            {
                for (var p = 0; p < properties.Count && match < 0; p++)
                {
                    if (!used.Contains(p)
                        && string.Equals(properties[p].Name, parameter.Name, comparison)
                        && SymbolEqualityComparer.Default.Equals(properties[p].Type, parameter.Type))
                    {
                        match = p;
                    }
                }
            }

            if (match < 0 || parameter.RefKind != RefKind.None)
            {
                return null;
            }

            used.Add(match);
            matches[i] = match;
        }

        return matches;
    }

    /// <summary>
    /// The constructor values are read with: among those generated code can call whose parameters all match
    /// properties, the one that restores the most properties that have no setter (a parameterless constructor
    /// restores none; a positional record's primary constructor is then the only candidate); on a tie, the one
    /// with the fewest parameters, so a type with a parameterless constructor uses it with an object initializer.
    /// </summary>
    private (IMethodSymbol Constructor, int[] Matches)? ChooseConstructor(INamedTypeSymbol type, List<IPropertySymbol> properties)
    {
        (IMethodSymbol Constructor, int[] Matches)? best = null;
        var bestScore = -1;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (!IsReachable(constructor) || MatchParameters(constructor, properties) is not { } matches)
            {
                continue;
            }

            var score = matches.Count(m => !IsSettable(properties[m]));
            if (best is null || score > bestScore || (score == bestScore && matches.Length < best.Value.Matches.Length))
            {
                best = (constructor, matches);
                bestScore = score;
            }
        }

        return best;
    }

    private UserTypeShape CreateShape(INamedTypeSymbol type)
    {
        if (KnownTypes.InaccessibleReason(type) is { } reason)
        {
            return UserTypeShape.Unsupported($"it is {reason} and its generated codec could not reach it; make it and its containing types public or internal");
        }

        if (type.AllInterfaces.Any(static i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
        {
            return UserTypeShape.Unsupported("custom collection types are not serialized (their items would be lost); use an array, List<T> or Dictionary<TKey, TValue>");
        }

        var readable = ReadableProperties(type, out var hasIndexer);
        if (ChooseConstructor(type, readable) is not { } chosen)
        {
            return UserTypeShape.Unsupported(
                "it has no accessible parameterless constructor and no constructor whose parameters all match properties (by name, case-insensitively, and type); add one");
        }

        var (constructor, matches) = chosen;
        var setsRequiredMembers = KnownTypes.HasAttribute(constructor, "System.Diagnostics.CodeAnalysis", "SetsRequiredMembersAttribute");
        var serialized = new List<IPropertySymbol>();
        var models = new List<CodecPropertyModel>();
        var indexes = new int[readable.Count];
        for (var p = 0; p < readable.Count; p++)
        {
            var property = readable[p];
            var parameterIndex = Array.IndexOf(matches, p);
            var settable = IsSettable(property);
            indexes[p] = -1;
            if (parameterIndex < 0 && !settable)
            {
                // Get-only and not a constructor parameter: computed, not sent.
                continue;
            }

            var readType = parameterIndex >= 0 ? constructor.Parameters[parameterIndex].Type : property.Type;
            var inInitializer = parameterIndex < 0 || (settable && property.IsRequired && !setsRequiredMembers);
            indexes[p] = models.Count;
            serialized.Add(property);
            models.Add(new CodecPropertyModel(
                SymbolNames.EscapeIdentifier(property.Name),
                SymbolNames.Qualified(property.Type),
                SymbolNames.Qualified(readType),
                inInitializer));
        }

        if (models.Count == 0 && hasIndexer)
        {
            return UserTypeShape.Unsupported("a type whose data is reachable only through indexers cannot be serialized; use an array, List<T> or Dictionary<TKey, TValue>");
        }

        var codec = new CodecModel(
            type.ToDisplayString(NoNullableFormat),
            SymbolNames.Qualified(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
            type.IsReferenceType,
            type.IsReferenceType && !type.IsSealed,
            models.ToEquatableArray(),
            matches.Select(m => indexes[m]).ToEquatableArray());
        return UserTypeShape.Supported(serialized, codec);
    }

    private void Visit(ITypeSymbol type, string path, List<TypeProblem> problems, HashSet<ITypeSymbol> visited)
    {
        switch (type)
        {
            case IErrorTypeSymbol:
                // The compiler reports it.
                return;
            case IArrayTypeSymbol array:
                if (!array.IsSZArray)
                {
                    problems.Add(new TypeProblem(path, PathDisplay(type), "multi-dimensional arrays have no codec; use a jagged array (T[][]) or List<T>"));
                    return;
                }

                Visit(array.ElementType, path + "[]", problems, visited);
                return;
            case INamedTypeSymbol named:
                VisitNamed(named, path, problems, visited);
                return;
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                problems.Add(new TypeProblem(path, PathDisplay(type), "pointers cannot be serialized; send the data they point to"));
                return;
            case IDynamicTypeSymbol:
                problems.Add(new TypeProblem(path, PathDisplay(type), "the receiving silo cannot know what to create for 'dynamic'; " + ConcreteTypeAdvice));
                return;
            case ITypeParameterSymbol:
                problems.Add(new TypeProblem(path, PathDisplay(type), "open generic types cannot be serialized; use a concrete type"));
                return;
            default:
                problems.Add(new TypeProblem(path, PathDisplay(type), "this kind of type cannot be serialized; " + ConcreteTypeAdvice));
                return;
        }
    }

    private void VisitNamed(INamedTypeSymbol type, string path, List<TypeProblem> problems, HashSet<ITypeSymbol> visited)
    {
        if (type.IsRefLikeType)
        {
            problems.Add(new TypeProblem(path, PathDisplay(type), "ref structs (such as Span<T>) cannot be stored or serialized; use an array"));
            return;
        }

        if (SerializableTypes.IsBuiltIn(type) || type.TypeKind == TypeKind.Enum)
        {
            return;
        }

        if (SerializableTypes.NullableUnderlyingType(type) is { } underlying)
        {
            Visit(underlying, path, problems, visited);
            return;
        }

        if (SerializableTypes.ListElementType(type) is { } element)
        {
            Visit(element, path + "[]", problems, visited);
            return;
        }

        if (SerializableTypes.IsDictionary(type))
        {
            Visit(type.TypeArguments[0], path + ".Keys[]", problems, visited);
            Visit(type.TypeArguments[1], path + ".Values[]", problems, visited);
            return;
        }

        if (SerializableTypes.IsKeyValuePair(type))
        {
            Visit(type.TypeArguments[0], path + ".Key", problems, visited);
            Visit(type.TypeArguments[1], path + ".Value", problems, visited);
            return;
        }

        if (SimpleKindAdvice(type) is { } advice)
        {
            problems.Add(new TypeProblem(path, PathDisplay(type), advice));
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _assembly))
        {
            if (!visited.Add(type))
            {
                return;
            }

            if (!_shapes.TryGetValue(type, out var shape))
            {
                shape = CreateShape(type);
                _shapes[type] = shape;
            }

            if (shape.Advice is not null)
            {
                problems.Add(new TypeProblem(path, PathDisplay(type), shape.Advice));
                return;
            }

            foreach (var property in shape.Properties)
            {
                Visit(property.Type, path + "." + property.Name, problems, visited);
            }

            return;
        }

        if (SerializableTypes.IsFrameworkType(type))
        {
            problems.Add(new TypeProblem(path, PathDisplay(type), FrameworkAdvice(type)));
            return;
        }

        // Declared in another assembly: its own generator provides its codec, which may need ours for its type arguments.
        for (var i = 0; i < type.TypeArguments.Length; i++)
        {
            Visit(type.TypeArguments[i], path + "<" + type.TypeParameters[i].Name + ">", problems, visited);
        }
    }
}
