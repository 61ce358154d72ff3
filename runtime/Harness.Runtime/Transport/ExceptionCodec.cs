using System.Reflection;
using System.Runtime.ExceptionServices;
using Harness.Runtime.Serialization;

namespace Harness.Runtime.Transport;

/// <summary>
/// Sends an exception as its type name, message and stack trace, and recreates it on the caller's side: the
/// same type when it is loaded there and has a (string message) constructor, else <see cref="RemoteGrainException"/>.
/// Extra fields of custom exceptions do not travel. Reflection is used here only, on the failure path.
/// </summary>
internal static class ExceptionCodec
{
    public static void Write(MessageWriter writer, Exception exception)
    {
        var type = exception.GetType();
        writer.WriteString($"{type.FullName}, {type.Assembly.GetName().Name}");
        writer.WriteString(exception.Message);
        writer.WriteString(exception.StackTrace);
    }

    public static Exception Read(MessageReader reader)
    {
        var typeName = reader.ReadRequiredString();
        var message = reader.ReadString() ?? string.Empty;
        var stackTrace = reader.ReadString();
        var exception = Recreate(typeName, message) ?? new RemoteGrainException(typeName, message);
        if (!string.IsNullOrEmpty(stackTrace))
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(exception, stackTrace);
        }

        return exception;
    }

    private static Exception? Recreate(string typeName, string message)
    {
        try
        {
            var type = Type.GetType(typeName, throwOnError: false);
            if (type is null || !typeof(Exception).IsAssignableFrom(type))
            {
                return null;
            }

            var constructor = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string)]);
            return constructor?.Invoke([message]) as Exception;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
