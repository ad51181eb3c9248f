namespace Parley.Faults;

/// <summary>How a drop trial loses its connection.</summary>
internal enum DropKind
{
    /// <summary>Reset (RST) after some frames, as a lost network or a killed tab.</summary>
    Close,

    /// <summary>Stops reading after some frames and never closes: the server cannot tell.</summary>
    HalfOpen,

    /// <summary>Stops reading after some frames and sends FIN (<c>shutdown(Send)</c>) but never closes.</summary>
    HalfOpenFin,

    /// <summary>Reads a few bytes at a time with pauses (a tiny receive buffer) for a while, then resets.</summary>
    Stall,
}
