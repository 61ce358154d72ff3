using Harness.Bench;

return await BenchRunner.RunAsync(args);
