import { useEffect, useRef, type ReactNode } from 'react';

/** The step's h2. It takes focus when the step appears, so screen readers announce the new step. */
export function StepHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 ref={ref} tabIndex={-1} className="step-heading">
      {children}
    </h2>
  );
}
