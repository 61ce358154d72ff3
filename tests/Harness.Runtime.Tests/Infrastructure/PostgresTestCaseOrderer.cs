using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Runtime.Tests.Infrastructure;

/// <summary>
/// Skips every test of a class (inherited contract tests included, which cannot carry <see cref="PostgresFactAttribute"/>)
/// when <see cref="PostgresTestEnvironment.SkipReason"/> says so; otherwise keeps xunit's order. Use it with
/// <c>[TestCaseOrderer(PostgresTestCaseOrderer.TypeName, PostgresTestCaseOrderer.AssemblyName)]</c>.
/// </summary>
public sealed class PostgresTestCaseOrderer : ITestCaseOrderer
{
    public const string TypeName = "Harness.Runtime.Tests.Infrastructure.PostgresTestCaseOrderer";

    public const string AssemblyName = "Harness.Runtime.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
    {
        var reason = PostgresTestEnvironment.SkipReason;
        if (reason is null)
        {
            return testCases;
        }

        return testCases.Select(testCase => testCase is IXunitTestCase xunit && string.IsNullOrEmpty(xunit.SkipReason)
            ? (TTestCase)(object)new SkippedTestCase(xunit, reason)
            : testCase);
    }

    /// <summary>A test case reported as skipped, without constructing its class. Lives only in the runner (never serialized).</summary>
    private sealed class SkippedTestCase : Xunit.LongLivedMarshalByRefObject, IXunitTestCase
    {
        private readonly IXunitTestCase _inner;
        private readonly string _reason;

        [Obsolete("For the serializer's contract only; this test case is created by the orderer and never deserialized.")]
        public SkippedTestCase()
        {
            throw new NotSupportedException("A skipped PostgreSQL test case is not deserialized.");
        }

        public SkippedTestCase(IXunitTestCase inner, string reason)
        {
            _inner = inner;
            _reason = reason;
        }

        public Exception InitializationException => _inner.InitializationException;

        public IMethodInfo Method => _inner.Method;

        public int Timeout => _inner.Timeout;

        public string DisplayName => _inner.DisplayName;

        public string SkipReason => _reason;

        public ISourceInformation SourceInformation
        {
            get => _inner.SourceInformation;
            set => _inner.SourceInformation = value;
        }

        public ITestMethod TestMethod => _inner.TestMethod;

        public object[] TestMethodArguments => _inner.TestMethodArguments;

        public Dictionary<string, List<string>> Traits => _inner.Traits;

        public string UniqueID => _inner.UniqueID;

        public void Deserialize(IXunitSerializationInfo info) => _inner.Deserialize(info);

        public void Serialize(IXunitSerializationInfo info) => _inner.Serialize(info);

        public Task<RunSummary> RunAsync(
            IMessageSink diagnosticMessageSink,
            IMessageBus messageBus,
            object[] constructorArguments,
            ExceptionAggregator aggregator,
            CancellationTokenSource cancellationTokenSource) =>
            new XunitTestCaseRunner(this, DisplayName, _reason, constructorArguments, TestMethodArguments, messageBus, aggregator, cancellationTokenSource).RunAsync();
    }
}
