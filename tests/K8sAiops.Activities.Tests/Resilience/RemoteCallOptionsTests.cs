using System.ComponentModel.DataAnnotations;
using K8sAiops.Activities.Resilience;

namespace K8sAiops.Activities.Tests.Resilience;

public sealed class RemoteCallOptionsTests
{
    private static List<ValidationResult> Validate(RemoteCallOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_AreValidAndAnswerWithinSeconds()
    {
        var options = new RemoteCallOptions();

        Assert.Empty(Validate(options));
        Assert.Equal(TimeSpan.FromSeconds(10), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TotalTimeout);
        Assert.Equal(3, options.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.RetryBaseDelay);
    }

    [Fact]
    public void Validate_TotalTimeoutShorterThanAttemptTimeout_IsRejected()
    {
        var results = Validate(new RemoteCallOptions { AttemptTimeout = TimeSpan.FromSeconds(20), TotalTimeout = TimeSpan.FromSeconds(5) });

        var result = Assert.Single(results);
        Assert.Equal([nameof(RemoteCallOptions.TotalTimeout)], result.MemberNames);
    }

    [Theory]
    [InlineData(nameof(RemoteCallOptions.MaxRetryAttempts))]
    [InlineData(nameof(RemoteCallOptions.FailureRatio))]
    [InlineData(nameof(RemoteCallOptions.MinimumThroughput))]
    [InlineData(nameof(RemoteCallOptions.BreakDuration))]
    [InlineData(nameof(RemoteCallOptions.AttemptTimeout))]
    public void Validate_ValueOutOfRange_IsRejectedNamingTheProperty(string property)
    {
        var options = new RemoteCallOptions();
        switch (property)
        {
            case nameof(RemoteCallOptions.MaxRetryAttempts): options.MaxRetryAttempts = 11; break;
            case nameof(RemoteCallOptions.FailureRatio): options.FailureRatio = 0; break;
            case nameof(RemoteCallOptions.MinimumThroughput): options.MinimumThroughput = 1; break;
            case nameof(RemoteCallOptions.BreakDuration): options.BreakDuration = TimeSpan.FromMilliseconds(100); break;
            case nameof(RemoteCallOptions.AttemptTimeout): options.AttemptTimeout = TimeSpan.Zero; break;
        }

        var result = Assert.Single(Validate(options));
        Assert.Equal([property], result.MemberNames);
    }
}
