"""For teachers: grading a class of submissions in parallel (batch), the marking scheme (scheme),
the teacher's files (outputs: CSV, JSON Lines, JUnit XML, Gradescope's results.json), the summary
of a run (summary, similarity), and the Gradescope autograder and GitHub Classroom workflow that run
mlprep on those platforms (gradescope, github, wheel). `service` holds one function per command."""
