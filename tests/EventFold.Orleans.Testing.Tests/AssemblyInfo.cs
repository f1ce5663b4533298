// Silos, child processes and package builds compete for two cores: run test classes one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
