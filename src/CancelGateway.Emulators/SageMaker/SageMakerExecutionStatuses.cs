namespace CancelGateway.Emulators.SageMaker;

/// <summary>Facts about <see cref="SageMakerExecutionStatus"/> and <see cref="SageMakerStepStatus"/>.</summary>
internal static class SageMakerExecutionStatuses
{
    public static bool IsTerminal(this SageMakerExecutionStatus status) =>
        status is SageMakerExecutionStatus.Stopped or SageMakerExecutionStatus.Failed or SageMakerExecutionStatus.Succeeded;

    public static bool IsTerminal(this SageMakerStepStatus status) =>
        status is SageMakerStepStatus.Stopped or SageMakerStepStatus.Failed or SageMakerStepStatus.Succeeded;
}
