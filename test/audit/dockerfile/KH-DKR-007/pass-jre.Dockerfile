FROM eclipse-temurin:21.0.3_9-jre
COPY app.jar /app.jar
