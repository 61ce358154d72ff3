using Harness.Runtime.Storage;

namespace Harness.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageTests : GrainStorageContractTests
{
    private readonly MemoryGrainStorage _storage = new(new GrainStateSerializer());

    protected override IGrainStorage Storage => _storage;

    protected override IGrainStorage Reopen() => _storage;
}
