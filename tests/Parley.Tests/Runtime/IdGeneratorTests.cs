using Parley.Runtime;
using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class IdGeneratorTests
{
    [Fact]
    public void New_ManyInOneMillisecond_StrictlyIncreasingAndUrlSafe()
    {
        var ids = new IdGenerator(new ManualTimeProvider());

        var made = Enumerable.Range(0, 10_000).Select(_ => ids.NewItemId()).ToList();

        Assert.Equal(made.Order(StringComparer.Ordinal), made);
        Assert.Equal(made.Count, made.Distinct().Count());
        Assert.All(made, id => Assert.Matches("^itm_[0-9a-hjkmnp-tv-z]{26}$", id));
    }

    [Fact]
    public void New_LaterTime_SortsAfterEarlier()
    {
        var clock = new ManualTimeProvider();
        var ids = new IdGenerator(clock);
        var first = ids.NewRunId();

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = ids.NewRunId();

        Assert.True(string.CompareOrdinal(first, second) < 0);
        Assert.NotEqual(first[4..14], second[4..14]);
    }
}
