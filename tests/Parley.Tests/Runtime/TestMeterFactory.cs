using System.Diagnostics.Metrics;

namespace Parley.Tests.Runtime;

internal sealed class TestMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}
