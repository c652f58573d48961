import type { Problem } from '../../lib/sequence/problem';

export interface ProblemListProps {
  problems: readonly Problem[];
  /** Id for the list, so a summary can point at it with aria-describedby. */
  id?: string;
}

/** Every problem at once, each with where it is (line, column, JSON path) and what is wrong. */
export function ProblemList({ problems, id }: ProblemListProps) {
  return (
    <ol class="problems" id={id}>
      {problems.map((problem, index) => (
        <li key={`${problem.path}-${index}`} class="problem">
          <span class="problem__place">
            {problem.line !== null && (
              <span class="problem__position">
                Line {problem.line}
                {problem.column !== null && <>, column {problem.column}</>}
              </span>
            )}
            {problem.path !== '' && <code class="problem__path">{problem.path}</code>}
            {problem.line === null && problem.path === '' && <span>The whole file</span>}
          </span>
          <span class="problem__message">{problem.message}</span>
        </li>
      ))}
    </ol>
  );
}
