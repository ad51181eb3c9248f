namespace Parley.TestApp;

/// <summary>
/// <c>GET /test/heap</c>, only with <c>--heap-endpoint true</c>: forces a full, compacting garbage
/// collection and answers the managed heap's size in bytes, so a leak test measures what the server
/// still holds rather than garbage the collector has not reached yet (RSS alone cannot tell them apart).
/// </summary>
internal static class HeapEndpoint
{
    public static void MapIfEnabled(WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("heap-endpoint"))
        {
            return;
        }

        app.MapGet("/test/heap", () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            return Results.Text(GC.GetTotalMemory(forceFullCollection: true).ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }
}
