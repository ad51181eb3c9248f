// Each scenario drives its own server process and some measure memory, handles and latency:
// run them one at a time so they do not disturb each other's figures.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
