namespace Harness.Bench;

/// <summary>One round of the failover benchmark.</summary>
/// <param name="Victim">The killed silo (it hosted the grain).</param>
/// <param name="NewSilo">The silo hosting the grain's new activation.</param>
/// <param name="AckedBefore">Writes acknowledged before the kill.</param>
/// <param name="Recovery">From kill -9 to the first successful call sent after it.</param>
/// <param name="LostWrites">Acknowledged writes missing from the new activation's state.</param>
/// <param name="UnknownOutcomes">Calls that failed (silo unavailable, timeout) and were retried.</param>
internal sealed record RoundResult(string Victim, string NewSilo, int AckedBefore, TimeSpan Recovery, int LostWrites, int UnknownOutcomes);
