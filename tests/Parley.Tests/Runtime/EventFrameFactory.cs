using Parley.Runtime;
using Parley.Serialization;

namespace Parley.Tests.Runtime;

internal static class EventFrameFactory
{
    public static EventFrame Durable(ThreadEvent evt) => EventFrame.Durable(evt.Seq, ParleyJson.SerializeEvent(evt));
}
