// Silos, child processes and fsync-heavy tests compete for two cores: run test classes one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
