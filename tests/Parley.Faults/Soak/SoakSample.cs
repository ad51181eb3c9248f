namespace Parley.Faults.Soak;

/// <summary>What the server process held at one moment of a soak.</summary>
/// <param name="At">Time since the soak began.</param>
/// <param name="Process">RSS, handles and threads from /proc.</param>
/// <param name="HeapBytes">The managed heap after a full compacting collection (the test app's <c>/test/heap</c>).</param>
internal sealed record SoakSample(TimeSpan At, Parley.Testing.ProcessMetrics Process, long HeapBytes);
