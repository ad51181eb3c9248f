namespace Parley.TestApp;

/// <summary>
/// <c>GET /test/heap</c>, mapped only with <c>--diagnostics true</c>: the managed heap after a full,
/// compacting collection, which a soak test samples to tell a leak from garbage not yet collected.
/// </summary>
internal static class DiagnosticsEndpoint
{
    public static void MapDiagnostics(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("diagnostics"))
        {
            return;
        }

        app.MapGet("/test/heap", () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            return Results.Json(new { heapBytes = GC.GetTotalMemory(forceFullCollection: true) });
        });
    }
}
