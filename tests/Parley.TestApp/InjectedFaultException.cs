namespace Parley.TestApp;

/// <summary>
/// What an injected handler fault throws. Its message carries a marker a test looks for in everything
/// the client sees: it must never leak.
/// </summary>
internal sealed class InjectedFaultException : Exception
{
    public const string Marker = "INJECTED-FAULT-SECRET";

    public InjectedFaultException()
        : this("unspecified")
    {
    }

    public InjectedFaultException(string point)
        : base($"{Marker} at {point} (/srv/app/secrets.cs:line 42)")
    {
    }

    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
