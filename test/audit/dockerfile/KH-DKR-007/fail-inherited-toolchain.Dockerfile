# expect-finding
FROM maven:3.9.8-eclipse-temurin-21 AS build
RUN mvn package
FROM build
USER 10001
