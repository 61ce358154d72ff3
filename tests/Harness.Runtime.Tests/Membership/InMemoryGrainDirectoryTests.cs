using Harness.Runtime.Membership;

namespace Harness.Runtime.Tests.Membership;

/// <summary>The grain directory contract in memory.</summary>
public sealed class InMemoryGrainDirectoryTests : GrainDirectoryContractTests
{
    private readonly InMemoryGrainDirectory _directory = new();

    protected override IGrainDirectory Directory => _directory;

    protected override IGrainDirectory Reopen() => _directory;
}
